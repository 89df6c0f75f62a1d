# rgx figure: re-render with  gnuplot volcano.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './volcano.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'rad.* with expr.* in sim: r against -log10 p (60 pairs)'
set xlabel 'correlation r'
set ylabel '-log10 p'
set xrange [-0.6530480689:0.6530480689]
set yrange [0:7.155143243]
set label 100 'original_glcm_Contrast ~ MET' at graph 0.9683, graph 0.9259 right font ',8'
set label 101 'original_glcm_Correlation ~ CDK4' at graph 0.9324, graph 0.7843 right font ',8'
set label 102 'original_firstorder_Mean ~ PDGFRA' at graph 0.8852, graph 0.6221 right font ',8'
set label 103 'original_shape_MeshVolume ~ expr.EGFR' at graph 0.8716, graph 0.5801 right font ',8'
set label 104 'original_glrlm_RunEntropy ~ MDM2' at graph 0.8649, graph 0.5325 right font ',8'
set arrow 104 from graph 0.8649, graph 0.5325 to graph 0.8728, graph 0.5605 nohead lw 0.5 lc rgb '#888888'
set arrow 1 from graph 0, first 4.01050134 to graph 1, first 4.01050134 nohead dt 2 lc rgb '#555555'
set key outside bottom center horizontal samplen 2
plot './volcano.dat' index 0 using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'q >= 0.05', \
  './volcano.dat' index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '#D55E00' title 'q < 0.05', \
  keyentry with lines dt 2 lc rgb '#555555' title 'largest p with q < 0.05'
