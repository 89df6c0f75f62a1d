# rgx figure: re-render with  gnuplot calibration.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './calibration.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Calibration of v: observed against predicted by deciles (exact 95% intervals)'
set xlabel 'predicted probability (mean of the decile)'
set ylabel 'observed proportion'
set key below
set xrange [0:1]
set yrange [0:1]
set size ratio -1
plot \
  './calibration.dat' index 0 using 1:2 with lines lw 1 lc rgb '#888888' dt 2 title 'perfect calibration', \
  './calibration.dat' index 1 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.5 lc rgb '#D55E00' title 'apparent (calibration slope 2.02)', \
  './calibration.dat' index 2 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.5 lc rgb '#0072B2' title 'cross-validated: out-of-fold risk, mean of 2 repeats (slope 1.18)'
