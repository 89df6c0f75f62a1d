# rgx figure: re-render with  gnuplot roc_validation.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './roc_validation.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'ROC of v (111 positives, 57 negatives): apparent, and 2 repeats of out-of-fold predictions (each pooling its folds)'
set xlabel '1 - specificity'
set ylabel 'sensitivity'
set key below
set xrange [0:1]
set yrange [0:1]
set size ratio -1
plot \
  './roc_validation.dat' index 0 using 1:2 with lines lw 1 lc rgb '#999999' title 'cross-validated: AUC 0.773 (mean of the folds''; grey: a repeat)', \
  './roc_validation.dat' index 1 using 1:2 with lines lw 1 lc rgb '#999999' notitle, \
  './roc_validation.dat' index 2 using 1:2 with lines lw 2.5 lc rgb '#D55E00' title 'apparent (fitted to these patients): AUC 0.859', \
  './roc_validation.dat' index 3 using 1:2 with lines lw 1 lc rgb '#888888' dt 2 title 'chance'
