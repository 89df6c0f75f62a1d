# rgx figure: re-render with  gnuplot noise_volcano.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output 'noise_volcano.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'noisemap: r against -log10 p (4000 pairs)'
set xlabel 'correlation r'
set ylabel '-log10 p'
set xrange [-0.4221548155:0.4221548155]
set label 100 'original_firstorder_Entropy ~ G0045' at 0.4020522052, 4.405283699 right offset -0.7,0.3 font ',8'
set label 101 'original_glcm_ClusterShade ~ G0061' at 0.355859586, 3.515861302 right offset -0.7,0.3 font ',8'
set label 102 'original_firstorder_90Percentile ~ G0082' at 0.344170417, 3.310135226 right offset -0.7,0.3 font ',8'
set label 103 'original_firstorder_90Percentile ~ G0064' at 0.3440744074, 3.30847651 right offset -0.7,0.3 font ',8'
set label 104 'original_glcm_Correlation ~ G0071' at 0.3281368137, 3.040004392 right offset -0.7,0.3 font ',8'
set key top left
set yrange [0:*]
plot 'noise_volcano.dat' index 0 using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'q >= 0.05', \
  'noise_volcano.dat' index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '#D55E00' title 'q < 0.05'
