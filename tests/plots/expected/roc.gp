# rgx figure: re-render with  gnuplot roc.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './roc.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'ROC of outcome: Poor (41) vs Good (72)'
set xlabel '1 - specificity'
set ylabel 'sensitivity'
set yrange [0:1]
set size ratio -1
set key inside bottom right vertical Left reverse samplen 2 box lc rgb '#bbbbbb' opaque
plot \
  './roc.dat' index 0 using 1:2 with lines lw 2 lc rgb '#0072B2' title 's100b: AUC 0.731 (0.630-0.833)', \
  './roc.dat' index 2 using 1:2 with points pt 7 ps 1.6 lw 1.5 lc rgb '#0072B2' notitle, \
  './roc.dat' index 3 using 1:2 with lines lw 2 lc rgb '#D55E00' title 'ndka: AUC 0.612 (0.501-0.723)', \
  './roc.dat' index 5 using 1:2 with points pt 7 ps 1.6 lw 1.5 lc rgb '#D55E00' notitle, \
  './roc.dat' index 6 using 1:2 with lines lw 2 lc rgb '#009E73' title 'wfns: AUC 0.824 (0.749-0.899)', \
  './roc.dat' index 8 using 1:2 with points pt 7 ps 1.6 lw 1.5 lc rgb '#009E73' notitle, \
  './roc.dat' index 9 using 1:2 with lines lw 1 lc rgb '#888888' dt 2 title 'chance', \
  keyentry with points pt 7 ps 1.6 lw 1.5 lc rgb '#444444' title 'Youden-best threshold(s), as coords'
