# rgx figure: re-render with  gnuplot hist_opts.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './hist_opts.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'it''s time'
set xlabel 'days since diagnosis'
set ylabel 'patients (n)'
set boxwidth 500
set style fill solid 0.6 border lc rgb '#333333'
set yrange [0:*]
set xrange [0:4000]
set xtics 0, 1000, 4000.001
set format x '%.0f'
plot './hist_opts.dat' using 1:2 with boxes lc rgb '#0072B2'
