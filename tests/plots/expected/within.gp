# rgx figure: re-render with  gnuplot within.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './within.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'rad.* in sim: r among 12 features (strongest |r| first, clustered); dots: q < 0.05'
set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')
set cbrange [-1:1]
set cblabel 'r'
set xrange [-0.5:11.5]
set yrange [11.5:-0.5]
unset grid
set tics scale 0
set border 0
set xtics rotate by 60 right ('original_shape_MeshVolume' 0, 'original_glcm_Correlation' 1, 'original_glszm_ZoneEntropy' 2, 'original_glcm_Idm' 3, 'original_glcm_Contrast' 4, 'original_firstorder_Mean' 5, 'original_firstorder_Entropy' 6, 'original_glrlm_RunEntropy' 7, 'original_firstorder_Skewness' 8, 'original_firstorder_Kurtosis' 9, 'original_glcm_JointEnergy' 10, 'original_gldm_DependenceEntropy' 11)
set ytics ('original_shape_MeshVolume' 0, 'original_glcm_Correlation' 1, 'original_glszm_ZoneEntropy' 2, 'original_glcm_Idm' 3, 'original_glcm_Contrast' 4, 'original_firstorder_Mean' 5, 'original_firstorder_Entropy' 6, 'original_glrlm_RunEntropy' 7, 'original_firstorder_Skewness' 8, 'original_firstorder_Kurtosis' 9, 'original_glcm_JointEnergy' 10, 'original_gldm_DependenceEntropy' 11)
set key outside right bottom vertical Left reverse samplen 1
plot './within.dat' index 0 matrix with image pixels notitle, './within.dat' index 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#000000' title 'q < 0.05'
