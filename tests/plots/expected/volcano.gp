# rgx figure: re-render with  gnuplot volcano.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './volcano.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'c1: r against -log10 p (60 pairs)'
set xlabel 'correlation r'
set ylabel '-log10 p'
set xrange [-0.6530480689:0.6530480689]
set label 100 'original_glcm_Contrast ~ MET' at 0.6219505418, 6.625132632 right offset -0.7,0.3 font ',8'
set label 101 'original_glcm_Correlation ~ CDK4' at 0.5751041956, 5.611467401 right offset -0.7,0.3 font ',8'
set label 102 'original_firstorder_Mean ~ PDGFRA' at 0.5134759655, 4.451342977 right offset -0.7,0.3 font ',8'
set label 103 'original_shape_MeshVolume ~ expr.EGFR' at 0.4956376771, 4.151040737 right offset -0.7,0.3 font ',8'
set label 104 'original_glrlm_RunEntropy ~ MDM2' at 0.4869686024, 4.01050134 right offset -0.7,0.3 font ',8'
set arrow 1 from graph 0, first 4.01050134 to graph 1, first 4.01050134 nohead dt 2 lc rgb '#555555'
set key top left
set yrange [0:*]
plot './volcano.dat' index 0 using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'q >= 0.05', \
  './volcano.dat' index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '#D55E00' title 'q < 0.05'
