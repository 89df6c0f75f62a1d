# rgx figure: re-render with  gnuplot km.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './km.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Overall survival by IDH1 (n = 510)'
set xlabel 'time (years)'
set ylabel 'survival probability'
set yrange [0:1.02]
set xrange [0:18]
set xtics 0, 2
set key outside right top vertical Left reverse samplen 2
set tmargin 5
set title offset 0,1.2
set label 1 'log-rank p = 1e-17;  HR 0.23 (95% CI 0.16-0.33), IDH1 = 1 vs IDH1 = 0' at graph 0, graph 1 offset 0,0.9 left
set bmargin 9
set lmargin 18
set label 2 'Number at risk' at graph 0, graph 0 offset 0,-4.5 left
set label 10 'IDH1 = 0' at graph 0, graph 0 offset -3,-6.5 right tc rgb '#0072B2'
set label 11 '115' at first 0, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 12 '33' at first 2, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 13 '11' at first 4, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 14 '5' at first 6, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 15 '2' at first 8, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 16 '2' at first 10, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 17 '1' at first 12, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 18 '1' at first 14, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 19 '1' at first 16, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 20 '0' at first 18, graph 0 offset 0,-6.5 center tc rgb '#0072B2'
set label 1010 'IDH1 = 1' at graph 0, graph 0 offset -3,-7.5 right tc rgb '#D55E00'
set label 1011 '395' at first 0, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1012 '204' at first 2, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1013 '77' at first 4, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1014 '46' at first 6, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1015 '21' at first 8, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1016 '14' at first 10, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1017 '7' at first 12, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1018 '3' at first 14, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1019 '0' at first 16, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
set label 1020 '0' at first 18, graph 0 offset 0,-7.5 center tc rgb '#D55E00'
plot \
  './km.dat' index 0 using 1:2 with steps lw 2 lc rgb '#0072B2' title 'IDH1 = 0', \
  './km.dat' index 2 using 1:2 with points pt 1 ps 1.6 lw 1.5 lc rgb '#0072B2' notitle, \
  './km.dat' index 3 using 1:2 with steps lw 2 lc rgb '#D55E00' title 'IDH1 = 1', \
  './km.dat' index 5 using 1:2 with points pt 1 ps 1.6 lw 1.5 lc rgb '#D55E00' notitle, \
  keyentry with points pt 1 ps 1.6 lw 1.5 lc rgb '#444444' title 'censored'
