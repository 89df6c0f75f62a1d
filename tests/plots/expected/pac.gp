# rgx figure: re-render with  gnuplot pac.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './pac.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'PAC by k: features of simrad (lower is a cleaner split)'
set xlabel 'k'
set ylabel 'PAC'
set xtics 1
set autoscale xfix
set offsets 0.25, 0.25, 0, 0
set yrange [0:*]
unset key
plot \
  './pac.dat' index 0 using 1:2 with lines lw 2 lc rgb '#0072B2' title 'pac', \
  './pac.dat' index 2 using 1:2 with points pt 7 ps 1.6 lw 1.5 lc rgb '#0072B2' notitle
