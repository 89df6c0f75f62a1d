# rgx figure: re-render with  gnuplot demo_map.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './demo_map.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'rad.* with expr.* in mapped: r of 25 features x 25 genes (strongest |r| first, clustered); dots: q < 0.05'
set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')
set cbrange [-0.828458498:0.828458498]
set cblabel 'r'
set xrange [-0.5:24.5]
set yrange [24.5:-0.5]
unset grid
set tics scale 0
set border 0
set xtics rotate by 90 right ('GPR172A' 0, 'PLA2G5' 1, 'GADD45G' 2, 'EPHB1' 3, 'SCN3A' 4, 'HN1' 5, 'RP11-35N6.1' 6, 'CA10' 7, 'PAFAH1B3' 8, 'SOX11' 9, 'VAX2' 10, 'MYT1' 11, 'FAM77C' 12, 'BCL7A' 13, 'DLL3' 14, 'DCX' 15, 'FLRT1' 16, 'OLIG2' 17, 'FXYD6' 18, 'MAP2' 19, 'GRIA2' 20, 'expr.EGFR' 21, 'SOX2' 22, 'AKAP8L' 23, 'KHSRP' 24)
set ytics ('wavelet-LLH_gldm_LargeDependenceEmphasis' 0, 'wavelet-LLH_glcm_Correlation' 1, 'original_glrlm_RunEntropy' 2, 'original_glcm_Idm' 3, 'wavelet-LLH_firstorder_Skewness' 4, 'original_glcm_Contrast' 5, 'original_glcm_Correlation' 6, 'wavelet-LLH_firstorder_Kurtosis' 7, 'wavelet-LLH_ngtdm_Busyness' 8, 'original_glszm_ZoneEntropy' 9, 'wavelet-LLH_glcm_ClusterShade' 10, 'wavelet-HLL_firstorder_Kurtosis' 11, 'wavelet-LLH_firstorder_90Percentile' 12, 'original_gldm_DependenceEntropy' 13, 'wavelet-LLH_gldm_DependenceEntropy' 14, 'original_glcm_JointEnergy' 15, 'wavelet-HLL_glcm_Correlation' 16, 'original_firstorder_Kurtosis' 17, 'original_firstorder_Entropy' 18, 'original_glcm_ClusterShade' 19, 'original_firstorder_Mean' 20, 'original_firstorder_Skewness' 21, 'original_ngtdm_Coarseness' 22, 'original_glrlm_ShortRunEmphasis' 23, 'wavelet-HLL_firstorder_Skewness' 24)
set key outside right bottom vertical Left reverse samplen 1
plot './demo_map.dat' index 0 matrix with image pixels notitle, './demo_map.dat' index 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#000000' title 'q < 0.05'
