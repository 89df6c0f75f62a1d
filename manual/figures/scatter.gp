# rgx figure: re-render with  gnuplot scatter.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './scatter.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'time (days) against CDR_age_at_initial_pathologic_diagnosis by TP53 (n = 390 patients)'
set xlabel 'age at diagnosis (years)'
set ylabel 'time (days)'
set key outside right top vertical Left reverse
set xrange [18.28:91.72]
set xtics 20, 10, 90.00001
set format x '%.0f'
set yrange [-155.24:4036.24]
set ytics 0, 1000, 4000.001
set format y '%.0f'
plot \
  './scatter.dat' index 0 using 1:2 with points pt 7 ps 0.7 lc rgb '#0072B2' title 'TP53 = 0: r = -0.25, n = 269', \
  [21:89] 931.3195584 + -8.659664823 * x with lines lw 2 lc rgb '#0072B2' notitle, \
  './scatter.dat' index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '#D55E00' title 'TP53 = 1: r = -0.20, n = 121', \
  [21:89] 943.72975 + -7.144600834 * x with lines lw 2 lc rgb '#D55E00' notitle
