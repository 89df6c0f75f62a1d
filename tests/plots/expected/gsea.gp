# rgx figure: re-render with  gnuplot gsea.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './gsea.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set multiplot
set xrange [1:1500]
set lmargin at screen 0.12
set rmargin at screen 0.96
set tmargin at screen 0.92
set bmargin at screen 0.42
set format x ''
set xlabel ''
set title 'gs1: HALLMARK_IL6_JAK_STAT3_SIGNALING (15 of 1500 ranked genes)'
set ylabel 'running enrichment score'
set label 1 'ES = 0.755 at rank 218, NES = 2.26, q = 0.0194' at graph 0.98, graph 0.9 right
set arrow 1 from 218, graph 0 to 218, graph 1 nohead dt 2 lc rgb '#888888'
set arrow 2 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#555555'
set yrange [-0.1525953316:0.8153952622]
plot './gsea.dat' index 0 using 1:2 with lines lw 2 lc rgb '#D55E00' notitle, \
  './gsea.dat' index 1 using 1:(-0.1223456256):(0):(0.06049941211) with vectors nohead lc rgb '#222222' notitle
unset arrow
unset label
unset title
set tmargin at screen 0.40
set bmargin at screen 0.10
set format x '%g'
set xlabel 'rank'
set ylabel 'r'
set autoscale y
plot './gsea.dat' index 2 using 1:2 with impulses lc rgb '#9a9a9a' notitle
unset multiplot
