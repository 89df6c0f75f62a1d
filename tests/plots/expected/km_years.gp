# rgx figure: re-render with  gnuplot km_years.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './km_years.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'TP53''s survival'
set xlabel 'time (years)'
set ylabel 'survival probability'
set yrange [0:1.02]
set xrange [0:12]
set xtics 0, 2
set key outside right top vertical Left reverse samplen 2
set tmargin 5
set title offset 0,1.2
set label 1 'log-rank p = 0.000418;  HR 0.63 (95% CI 0.49-0.82), TP53 = 1 vs TP53 = 0' at graph 0, graph 1 offset 0,0.9 left
set bmargin 9
set lmargin 18
set label 2 'Number at risk' at graph 0, graph 0 offset 0,-4.5 left
set label 10 'TP53 = 0' at graph 0, graph 0 offset -3,-6.5 right tc rgb '#0072B2'
set label 11 '269' at first 0, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 12 '33' at first 2, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 13 '4' at first 4, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 14 '3' at first 6, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 15 '1' at first 8, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 16 '1' at first 10, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 17 '0' at first 12, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 1010 'TP53 = 1' at graph 0, graph 0 offset -3,-7.5 right tc rgb '#D55E00'
set label 1011 '121' at first 0, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1012 '30' at first 2, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1013 '5' at first 4, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1014 '2' at first 6, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1015 '1' at first 8, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1016 '1' at first 10, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1017 '0' at first 12, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
plot \
  './km_years.dat' index 0 using 1:2 with steps lw 2 lc rgb '#0072B2' title 'TP53 = 0', \
  './km_years.dat' index 2 using 1:2 with points pt 1 ps 1.6 lw 1.5 lc rgb '#0072B2' notitle, \
  './km_years.dat' index 3 using 1:2 with steps lw 2 lc rgb '#D55E00' title 'TP53 = 1', \
  './km_years.dat' index 5 using 1:2 with points pt 1 ps 1.6 lw 1.5 lc rgb '#D55E00' notitle, \
  keyentry with points pt 1 ps 1.6 lw 1.5 lc rgb '#444444' title 'censored'
