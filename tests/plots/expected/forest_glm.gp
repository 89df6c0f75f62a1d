# rgx figure: re-render with  gnuplot forest_glm.gp  (in this directory)
set encoding utf8
set terminal svg size 900,650 dynamic font 'Sans,11' noenhanced
set output './forest_glm.svg'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'g: odds ratios with 95% Wald intervals'
set xlabel 'odds ratio (log scale)'
set logscale x
set xrange [0.2240047742:3.512048082]
set yrange [0.4:3.6]
set grid noytics
set xtics ('0.25' 0.25, '0.5' 0.5, '1' 1, '2' 2)
set mxtics 1
set lmargin 21
set rmargin 24
set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#888888'
set label 999 'OR (95% CI)' at graph 1.02, graph 1.04 left
set ytics ('surface2volumeratio' 3, 'T2_Min' 2, 'Gp02_med' 1)
set label 1 '0.518 (0.291-0.922)' at graph 1.02, first 3 left
set label 2 '0.616 (0.405-0.937)' at graph 1.02, first 2 left
set label 3 '1.81 (1.22-2.7)' at graph 1.02, first 1 left
plot './forest_glm.dat' using 1:2:3:4 with xerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#0072B2' notitle
