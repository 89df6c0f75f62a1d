# rgx figure: re-render with  gnuplot delta.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './delta.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Relative change in area under the CDF by k: features of simrad'
set xlabel 'k'
set ylabel 'delta area'
set xtics 1
set autoscale xfix
set offsets 0.25, 0.25, 0, 0
set yrange [0:*]
unset key
plot \
  './delta.dat' index 0 using 1:2 with lines lw 2 lc rgb '#0072B2' title 'delta', \
  './delta.dat' index 2 using 1:2 with points pt 7 ps 1.6 lw 1.5 lc rgb '#0072B2' notitle
