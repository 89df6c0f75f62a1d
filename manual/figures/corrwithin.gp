# rgx figure: re-render with  gnuplot corrwithin.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './corrwithin.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'rad.* in sim: r among 10 features (strongest |r| first, clustered); dots: q < 0.05'
set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')
set cbrange [-1:1]
set cblabel 'r'
set xrange [-0.5:9.5]
set yrange [9.5:-0.5]
set object 1 rect from -0.5,-0.5 to 9.5,9.5 behind fc rgb '#bdbdbd' fs solid noborder
unset grid
set tics scale 0
set border 0
set xtics rotate by 60 right ('original_glszm_ZoneEntropy' 0, 'original_glcm_Idm' 1, 'original_firstorder_Kurtosis' 2, 'original_glcm_JointEnergy' 3, 'original_gldm_DependenceEntropy' 4, 'original_firstorder_Skewness' 5, 'original_glcm_Contrast' 6, 'original_firstorder_Mean' 7, 'original_firstorder_Entropy' 8, 'original_glrlm_RunEntropy' 9)
set ytics ('original_glszm_ZoneEntropy' 0, 'original_glcm_Idm' 1, 'original_firstorder_Kurtosis' 2, 'original_glcm_JointEnergy' 3, 'original_gldm_DependenceEntropy' 4, 'original_firstorder_Skewness' 5, 'original_glcm_Contrast' 6, 'original_firstorder_Mean' 7, 'original_firstorder_Entropy' 8, 'original_glrlm_RunEntropy' 9)
set key outside right bottom vertical Left reverse samplen 1
plot './corrwithin.dat' index 0 matrix with image pixels notitle, keyentry with boxes fc rgb '#bdbdbd' fs solid title 'pair not kept (keep=p<0.2)', './corrwithin.dat' index 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#000000' title 'q < 0.05'
