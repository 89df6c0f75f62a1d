# rgx figure: re-render with  gnuplot volcano_none.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './volcano_none.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'rad.* with expr.* in noise: r against -log10 p (200 pairs)'
set xlabel 'correlation r'
set ylabel '-log10 p'
set xrange [-0.2909252925:0.2909252925]
set yrange [0:2.449330825]
set label 100 'original_gldm_DependenceEntropy ~ G0018' at graph 0.0317, graph 0.9259 left font ',8'
set label 101 'original_firstorder_Mean ~ G0016' at graph 0.1309, graph 0.6308 left font ',8'
set label 102 'original_glrlm_RunEntropy ~ G0019' at graph 0.1454, graph 0.5928 left font ',8'
set key outside bottom center horizontal samplen 2
plot './volcano_none.dat' index 0 using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'q >= 0.05', \
  './volcano_none.dat' index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '#D55E00' title 'q < 0.05 (none)'
