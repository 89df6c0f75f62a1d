# rgx figure: re-render with  gnuplot corrheat.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './corrheat.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'rad.* with expr.* in sim: r of 12 features x 5 genes (strongest |r| first, clustered); dots: q < 0.05'
set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')
set cbrange [-0.6219505418:0.6219505418]
set cblabel 'r'
set xrange [-0.5:4.5]
set yrange [11.5:-0.5]
unset grid
set tics scale 0
set border 0
set xtics rotate by 60 right ('MDM2' 0, 'MET' 1, 'PDGFRA' 2, 'CDK4' 3, 'expr.EGFR' 4)
set ytics ('original_firstorder_Mean' 0, 'original_firstorder_Entropy' 1, 'original_glcm_Contrast' 2, 'original_firstorder_Skewness' 3, 'original_glrlm_RunEntropy' 4, 'original_glszm_ZoneEntropy' 5, 'original_glcm_Correlation' 6, 'original_firstorder_Kurtosis' 7, 'original_glcm_Idm' 8, 'original_shape_MeshVolume' 9, 'original_glcm_JointEnergy' 10, 'original_gldm_DependenceEntropy' 11)
set key outside right bottom vertical Left reverse samplen 1
plot './corrheat.dat' index 0 matrix with image pixels notitle, './corrheat.dat' index 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#000000' title 'q < 0.05'
