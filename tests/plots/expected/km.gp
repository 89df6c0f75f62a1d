# rgx figure: re-render with  gnuplot km.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './km.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Overall survival by TP53 (n = 390)'
set xlabel 'time (days)'
set ylabel 'survival probability'
set yrange [0:1.02]
set xrange [0:4000]
set xtics 0, 500
set key outside right top vertical Left reverse samplen 2
set tmargin 5
set title offset 0,1.2
set label 1 'log-rank p = 0.000418;  HR 0.63 (95% CI 0.49-0.82), TP53 = 1 vs TP53 = 0' at graph 0, graph 1 offset 0,0.9 left
set bmargin 9
set lmargin 18
set label 2 'Number at risk' at graph 0, graph 0 offset 0,-4.5 left
set label 10 'TP53 = 0' at graph 0, graph 0 offset -3,-6.5 right tc rgb '#0072B2'
set label 11 '269' at first 0, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 12 '78' at first 500, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 13 '14' at first 1000, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 14 '4' at first 1500, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 15 '3' at first 2000, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 16 '2' at first 2500, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 17 '1' at first 3000, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 18 '1' at first 3500, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 19 '0' at first 4000, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 1010 'TP53 = 1' at graph 0, graph 0 offset -3,-7.5 right tc rgb '#D55E00'
set label 1011 '121' at first 0, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1012 '46' at first 500, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1013 '17' at first 1000, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1014 '4' at first 1500, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1015 '3' at first 2000, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1016 '2' at first 2500, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1017 '1' at first 3000, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1018 '1' at first 3500, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1019 '0' at first 4000, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
plot \
  './km.dat' index 1 using 1:2:3 with filledcurves lc rgb '#0072B2' fs transparent solid 0.15 notitle, \
  './km.dat' index 0 using 1:2 with steps lw 2 lc rgb '#0072B2' title 'TP53 = 0', \
  './km.dat' index 2 using 1:2 with points pt 1 ps 1.6 lw 1.5 lc rgb '#0072B2' notitle, \
  './km.dat' index 4 using 1:2:3 with filledcurves lc rgb '#D55E00' fs transparent solid 0.15 notitle, \
  './km.dat' index 3 using 1:2 with steps lw 2 lc rgb '#D55E00' title 'TP53 = 1', \
  './km.dat' index 5 using 1:2 with points pt 1 ps 1.6 lw 1.5 lc rgb '#D55E00' notitle, \
  keyentry with points pt 1 ps 1.6 lw 1.5 lc rgb '#444444' title 'censored'
