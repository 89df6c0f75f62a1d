# rgx figure: re-render with  gnuplot volcano_surv.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './volcano_surv.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'karno,diagtime,age,prior by time in vet: log hazard ratio per SD against -log10 p (4 features)'
set xlabel 'log hazard ratio per SD'
set ylabel '-log10 p'
set xrange [-0.7032881271:0.7032881271]
set yrange [0:11.1731557]
set label 100 'karno' at graph 0.0317, graph 0.9539 left font ',8'
set arrow 100 from graph 0.0317, graph 0.9539 to graph 0.0238, graph 0.9259 nohead lw 0.5 lc rgb '#888888'
set label 101 'diagtime' at graph 0.5766, graph 0.0454 left font ',8'
set label 102 'age' at graph 0.5483, graph 0.0325 right font ',8'
set label 103 'prior' at graph 0.4615, graph 0.0289 left font ',8'
set arrow 1 from graph 0, first 10.34551454 to graph 1, first 10.34551454 nohead dt 2 lc rgb '#555555'
set key outside bottom center horizontal samplen 2
plot './volcano_surv.dat' index 0 using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'q >= 0.05', \
  './volcano_surv.dat' index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '#D55E00' title 'q < 0.05', \
  keyentry with lines dt 2 lc rgb '#555555' title 'largest p with q < 0.05'
