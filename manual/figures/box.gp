# rgx figure: re-render with  gnuplot box.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './box.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'time (days) by PTEN (n = 390 patients)'
set xlabel 'PTEN'
set ylabel 'time (days)'
set style boxplot nooutliers
set style data boxplot
set boxwidth 0.5
set xrange [0.4:2.6]
set xtics ('PTEN = 0' 1, 'PTEN = 1' 2)
set yrange [-155.24:4036.24]
set ytics 0, 1000, 4000.001
set format y '%.0f'
plot \
  './box.dat' index 0 using (1):1 with boxplot lw 1.5 lc rgb '#0072B2' fs transparent solid 0.25, \
  './box.dat' index 0 using 2:1 with points pt 7 ps 0.6 lc rgb '#0072B2', \
  './box.dat' index 1 using (2):1 with boxplot lw 1.5 lc rgb '#D55E00' fs transparent solid 0.25, \
  './box.dat' index 1 using 2:1 with points pt 7 ps 0.6 lc rgb '#D55E00'
