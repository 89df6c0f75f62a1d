# rgx figure: re-render with  gnuplot forest_cox.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './forest_cox.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'vc: hazard ratios with 95% Wald intervals'
set xlabel 'hazard ratio (log scale)'
set logscale x
set xrange [0.1360650746:2.504052216]
set yrange [0.4:5.6]
set grid noytics
set xtics ('0.25' 0.25, '0.5' 0.5, '1' 1, '2' 2)
set mxtics 1
set lmargin 30
set rmargin 24
set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#888888'
set label 999 'HR (95% CI)' at graph 1.02, graph 1.04 left
set ytics ('celltype: large vs adeno' 5, 'celltype: smallcell vs adeno' 4, 'celltype: squamous vs adeno' 3, 'karno' 2, 'trt' 1)
set label 1 '0.468 (0.261-0.84)' at graph 1.02, first 5 left
set label 2 '0.72 (0.425-1.22)' at graph 1.02, first 4 left
set label 3 '0.315 (0.177-0.562)' at graph 1.02, first 3 left
set label 4 '0.969 (0.959-0.979)' at graph 1.02, first 2 left
set label 5 '1.3 (0.876-1.93)' at graph 1.02, first 1 left
plot './forest_cox.dat' using 1:2:3:4 with xerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#0072B2' notitle
