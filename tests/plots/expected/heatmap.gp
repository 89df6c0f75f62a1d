# rgx figure: re-render with  gnuplot heatmap.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './heatmap.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title '12 features of sim, z-scores (n = 60 patients), by cluster'
set ylabel '60 patients (not named: more than 40)'
set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')
set cbrange [-3:3]
set cblabel 'z-score (capped at 3)'
set object rect from -0.5-0.78,0-0.5 to -0.5-0.1,0+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,1-0.5 to -0.5-0.1,1+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,2-0.5 to -0.5-0.1,2+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,3-0.5 to -0.5-0.1,3+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,4-0.5 to -0.5-0.1,4+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,5-0.5 to -0.5-0.1,5+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,6-0.5 to -0.5-0.1,6+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,7-0.5 to -0.5-0.1,7+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,8-0.5 to -0.5-0.1,8+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,9-0.5 to -0.5-0.1,9+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,10-0.5 to -0.5-0.1,10+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,11-0.5 to -0.5-0.1,11+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,12-0.5 to -0.5-0.1,12+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,13-0.5 to -0.5-0.1,13+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,14-0.5 to -0.5-0.1,14+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,15-0.5 to -0.5-0.1,15+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-0.78,16-0.5 to -0.5-0.1,16+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,17-0.5 to -0.5-0.1,17+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,18-0.5 to -0.5-0.1,18+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,19-0.5 to -0.5-0.1,19+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,20-0.5 to -0.5-0.1,20+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,21-0.5 to -0.5-0.1,21+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,22-0.5 to -0.5-0.1,22+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,23-0.5 to -0.5-0.1,23+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,24-0.5 to -0.5-0.1,24+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,25-0.5 to -0.5-0.1,25+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,26-0.5 to -0.5-0.1,26+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,27-0.5 to -0.5-0.1,27+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,28-0.5 to -0.5-0.1,28+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,29-0.5 to -0.5-0.1,29+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,30-0.5 to -0.5-0.1,30+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,31-0.5 to -0.5-0.1,31+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,32-0.5 to -0.5-0.1,32+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,33-0.5 to -0.5-0.1,33+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,34-0.5 to -0.5-0.1,34+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,35-0.5 to -0.5-0.1,35+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,36-0.5 to -0.5-0.1,36+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,37-0.5 to -0.5-0.1,37+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,38-0.5 to -0.5-0.1,38+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,39-0.5 to -0.5-0.1,39+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,40-0.5 to -0.5-0.1,40+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,41-0.5 to -0.5-0.1,41+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,42-0.5 to -0.5-0.1,42+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,43-0.5 to -0.5-0.1,43+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-0.78,44-0.5 to -0.5-0.1,44+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,45-0.5 to -0.5-0.1,45+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,46-0.5 to -0.5-0.1,46+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,47-0.5 to -0.5-0.1,47+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,48-0.5 to -0.5-0.1,48+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,49-0.5 to -0.5-0.1,49+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,50-0.5 to -0.5-0.1,50+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,51-0.5 to -0.5-0.1,51+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,52-0.5 to -0.5-0.1,52+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,53-0.5 to -0.5-0.1,53+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,54-0.5 to -0.5-0.1,54+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,55-0.5 to -0.5-0.1,55+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,56-0.5 to -0.5-0.1,56+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,57-0.5 to -0.5-0.1,57+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,58-0.5 to -0.5-0.1,58+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-0.78,59-0.5 to -0.5-0.1,59+0.5 fc rgb '#009E73' fs solid noborder
set xrange [-1.38:11.5]
set yrange [59.5:-0.5]
unset grid
set tics scale 0
set border 0
set xtics rotate by 60 right ('original_shape_MeshVolume' 0, 'original_firstorder_Mean' 1, 'original_glcm_Contrast' 2, 'original_glcm_Correlation' 3, 'original_glrlm_RunEntropy' 4, 'original_firstorder_Entropy' 5, 'original_glszm_ZoneEntropy' 6, 'original_firstorder_Kurtosis' 7, 'original_glcm_JointEnergy' 8, 'original_gldm_DependenceEntropy' 9, 'original_firstorder_Skewness' 10, 'original_glcm_Idm' 11)
unset ytics
set lmargin 15
set key outside right bottom vertical Left reverse samplen 1
plot './heatmap.dat' index 0 matrix with image pixels notitle, keyentry with boxes fc rgb '#0072B2' fs solid title 'cluster = 1', keyentry with boxes fc rgb '#D55E00' fs solid title 'cluster = 2', keyentry with boxes fc rgb '#009E73' fs solid title 'cluster = 3'
