# rgx figure: re-render with  gnuplot decision.gp  (in this directory)
set encoding utf8
set terminal pdfcairo size 6in,4.3in font 'Sans,10' noenhanced
set output './decision.pdf'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Decision curve of v: net benefit = TP/n - FP/n x pt/(1 - pt)'
set xlabel 'threshold probability pt'
set ylabel 'net benefit'
set key top right
set xrange [0:1]
set yrange [-0.05:0.7467857143]
plot \
  './decision.dat' index 0 using 1:2 with lines lw 1.5 lc rgb '#009E73' title 'treat all', \
  './decision.dat' index 1 using 1:2 with lines lw 1.5 lc rgb '#888888' dt 2 title 'treat none', \
  './decision.dat' index 2 using 1:2 with lines lw 2 lc rgb '#D55E00' title 'apparent', \
  './decision.dat' index 3 using 1:2 with lines lw 2 lc rgb '#0072B2' title 'cross-validated (out-of-fold risk averaged over the repeats)'
