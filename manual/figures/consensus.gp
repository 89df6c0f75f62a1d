# rgx figure: re-render with  gnuplot consensus.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './consensus.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'Consensus matrix, k = 3: features of simrad (60 patients, ordered by class and by the tree)'
set xlabel '60 patients'
set ylabel '60 patients'
set palette defined (0 '#440154', 0.14 '#46327E', 0.29 '#365C8D', 0.43 '#277F8E', 0.57 '#1FA187', 0.71 '#4AC16D', 0.86 '#A0DA39', 1 '#FDE725')
set cbrange [0:1]
set cblabel 'consensus'
set object rect from -0.5-2.7,0-0.5 to -0.5-0.1,0+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,1-0.5 to -0.5-0.1,1+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,2-0.5 to -0.5-0.1,2+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,3-0.5 to -0.5-0.1,3+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,4-0.5 to -0.5-0.1,4+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,5-0.5 to -0.5-0.1,5+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,6-0.5 to -0.5-0.1,6+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,7-0.5 to -0.5-0.1,7+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,8-0.5 to -0.5-0.1,8+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,9-0.5 to -0.5-0.1,9+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,10-0.5 to -0.5-0.1,10+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,11-0.5 to -0.5-0.1,11+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,12-0.5 to -0.5-0.1,12+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,13-0.5 to -0.5-0.1,13+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,14-0.5 to -0.5-0.1,14+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,15-0.5 to -0.5-0.1,15+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,16-0.5 to -0.5-0.1,16+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,17-0.5 to -0.5-0.1,17+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,18-0.5 to -0.5-0.1,18+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,19-0.5 to -0.5-0.1,19+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,20-0.5 to -0.5-0.1,20+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,21-0.5 to -0.5-0.1,21+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,22-0.5 to -0.5-0.1,22+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,23-0.5 to -0.5-0.1,23+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,24-0.5 to -0.5-0.1,24+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,25-0.5 to -0.5-0.1,25+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,26-0.5 to -0.5-0.1,26+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,27-0.5 to -0.5-0.1,27+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,28-0.5 to -0.5-0.1,28+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,29-0.5 to -0.5-0.1,29+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,30-0.5 to -0.5-0.1,30+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,31-0.5 to -0.5-0.1,31+0.5 fc rgb '#D55E00' fs solid noborder
set object rect from -0.5-2.7,32-0.5 to -0.5-0.1,32+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-2.7,33-0.5 to -0.5-0.1,33+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-2.7,34-0.5 to -0.5-0.1,34+0.5 fc rgb '#009E73' fs solid noborder
set object rect from -0.5-2.7,35-0.5 to -0.5-0.1,35+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,36-0.5 to -0.5-0.1,36+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,37-0.5 to -0.5-0.1,37+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,38-0.5 to -0.5-0.1,38+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,39-0.5 to -0.5-0.1,39+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,40-0.5 to -0.5-0.1,40+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,41-0.5 to -0.5-0.1,41+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,42-0.5 to -0.5-0.1,42+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,43-0.5 to -0.5-0.1,43+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,44-0.5 to -0.5-0.1,44+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,45-0.5 to -0.5-0.1,45+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,46-0.5 to -0.5-0.1,46+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,47-0.5 to -0.5-0.1,47+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,48-0.5 to -0.5-0.1,48+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,49-0.5 to -0.5-0.1,49+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,50-0.5 to -0.5-0.1,50+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,51-0.5 to -0.5-0.1,51+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,52-0.5 to -0.5-0.1,52+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,53-0.5 to -0.5-0.1,53+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,54-0.5 to -0.5-0.1,54+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,55-0.5 to -0.5-0.1,55+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,56-0.5 to -0.5-0.1,56+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,57-0.5 to -0.5-0.1,57+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,58-0.5 to -0.5-0.1,58+0.5 fc rgb '#0072B2' fs solid noborder
set object rect from -0.5-2.7,59-0.5 to -0.5-0.1,59+0.5 fc rgb '#0072B2' fs solid noborder
set xrange [-3.3:59.5]
set yrange [59.5:-0.5]
unset grid
set tics scale 0
set border 0
unset xtics
unset ytics
set key outside right bottom vertical Left reverse samplen 1
plot './consensus.dat' index 0 matrix with image pixels notitle, keyentry with boxes fc rgb '#0072B2' fs solid title 'class 1', keyentry with boxes fc rgb '#D55E00' fs solid title 'class 2', keyentry with boxes fc rgb '#009E73' fs solid title 'class 3'
