# rgx figure: re-render with  gnuplot cdf.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './cdf.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Consensus CDF by k: features of simrad'
set xlabel 'consensus index'
set ylabel 'CDF'
set yrange [0:1]
set key outside right top vertical Left reverse samplen 2
plot \
  './cdf.dat' index 0 using 1:2 with steps lw 2 lc rgb '#0072B2' title 'k = 2', \
  './cdf.dat' index 3 using 1:2 with steps lw 2 lc rgb '#D55E00' title 'k = 3', \
  './cdf.dat' index 6 using 1:2 with steps lw 2 lc rgb '#009E73' title 'k = 4'
