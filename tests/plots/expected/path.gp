# rgx figure: re-render with  gnuplot path.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './path.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'm: coefficient path (106 terms ever non-zero)'
set xlabel 'log(lambda)'
set ylabel 'coefficient per SD of the predictor (as glmnet penalises it)'
set xrange [-10.91017019:-1.69982982]
set link x2
set x2tics ('0' -1.69982982, '9' -2.816234714, '23' -3.932639607, '41' -5.049044501, '64' -6.165449394, '79' -7.281854288, '84' -8.398259182, '88' -9.514664075, '92' -10.63106897)
set x2label 'non-zero terms'
set arrow from -3.281403419, graph 0 to -3.281403419, graph 1 nohead dt 2 lc rgb '#555555'
set label 'chosen lambda' at -3.281403419, graph 0.97 left offset 0.5,0 tc rgb '#555555'
set rmargin 22
set label 1 'T2_prewitt_rim_SD' at graph 1.01, first -25.28452132 left font ',9'
set label 2 'T1_core_GLCMhom…eniety_1' at graph 1.01, first -24.32710059 left font ',9'
set label 3 'T1_core_GLCMhom…ety_1_SD' at graph 1.01, first -22.77800505 left font ',9'
set label 4 'T1_core_GLCMcor…ion_1_SD' at graph 1.01, first -20.85181614 left font ',9'
set label 5 'T1_core_GLRLMRln' at graph 1.01, first -20.44859568 left font ',9'
set label 6 'T1_core_GLRLMSre_SD' at graph 1.01, first -17.9026381 left font ',9'
set label 7 'T2_core_GLCMenergy_3_SD' at graph 1.01, first -17.17825567 left font ',9'
set label 8 'T2_core_GLCMenergy_1_SD' at graph 1.01, first 16.42498665 left font ',9'
plot for [i=2:107] './path.dat' using 1:i with lines lw 1.2 lc i notitle
