# rgx figure: re-render with  gnuplot forest_model.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './forest_model.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'm: odds ratios (penalised: no intervals)'
set xlabel 'odds ratio (log scale)'
set logscale x
set xrange [0.4114275329:1.754499791]
set yrange [0.4:11.6]
set grid noytics
set xtics ('0.5' 0.5, '1' 1)
set mxtics 1
set lmargin 38
set rmargin 24
set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#888888'
set label 999 'OR' at graph 1.02, graph 1.04 left
set ytics ('T2_Entropy' 11, 'T2_core_Min' 10, 'T2_core_Skewness' 9, 'T2_prewitt_rim_Max' 8, 'T2_prewitt_rim_GLCMenergy_3_SD' 7, 'T2_original_Spherical_Disporoportion' 6, 'T2_original_Sphericity' 5, 'T2_original_Surface_to_Volume_ratio' 4, 'T1_Median' 3, 'T1_Entropy' 2, 'T1_core_Kurtosis' 1)
set label 1 '1.05' at graph 1.02, first 11 left
set label 2 '0.665' at graph 1.02, first 10 left
set label 3 '0.832' at graph 1.02, first 9 left
set label 4 '1.15' at graph 1.02, first 8 left
set label 5 '1.35' at graph 1.02, first 7 left
set label 6 '0.864' at graph 1.02, first 6 left
set label 7 '1.09' at graph 1.02, first 5 left
set label 8 '0.535' at graph 1.02, first 4 left
set label 9 '0.893' at graph 1.02, first 3 left
set label 10 '1.3' at graph 1.02, first 2 left
set label 11 '0.943' at graph 1.02, first 1 left
plot './forest_model.dat' using 1:2:3:4 with xerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#0072B2' notitle
