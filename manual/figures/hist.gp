# rgx figure: re-render with  gnuplot hist.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './hist.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'time (days) (n = 390 patients)'
set xlabel 'time (days)'
set boxwidth 500
set style fill solid 0.6 border lc rgb '#333333'
set yrange [0:*]
set xrange [0:4000]
set xtics 0, 1000, 4000.001
set format x '%.0f'
set ylabel 'patients'
plot './hist.dat' using 1:2 with boxes lc rgb '#0072B2'
