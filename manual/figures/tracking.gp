# rgx figure: re-render with  gnuplot tracking.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './tracking.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Cluster tracking: features of simrad (60 patients; colours follow clusters across k)'
set xlabel '60 patients'
set palette maxcolors 4
set palette defined (0 '#0072B2', 1 '#0072B2', 1 '#D55E00', 2 '#D55E00', 2 '#009E73', 3 '#009E73', 3 '#CC79A7', 4 '#CC79A7')
unset colorbox
set cbrange [0.5:4.5]
set xrange [-0.5:59.5]
set yrange [2.5:-0.5]
unset grid
set tics scale 0
set border 0
unset xtics
set ytics ('k = 2' 0, 'k = 3' 1, 'k = 4' 2)
plot './tracking.dat' index 0 matrix with image pixels notitle
