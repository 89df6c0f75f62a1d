# rgx figure: re-render with  gnuplot dot.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './dot.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'ora1: 15 sets of smallest p (over-representation); dot size: overlap, up to 9'
set xlabel '-log10 q'
set cblabel 'fold enrichment'
set offsets graph 0.04, graph 0.04, 0, 0
set lmargin 44
set ytics ('HALLMARK_KRAS_SIGNALING_UP' 14, 'HALLMARK_ALLOGRAFT_REJECTION' 13, 'HALLMARK_EPITHELIAL_MESENCHYMAL_TRANSITION' 12, 'HALLMARK_APICAL_JUNCTION' 11, 'HALLMARK_IL6_JAK_STAT3_SIGNALING' 10, 'HALLMARK_ANGIOGENESIS' 9, 'HALLMARK_OXIDATIVE_PHOSPHORYLATION' 8, 'HALLMARK_ADIPOGENESIS' 7, 'HALLMARK_FATTY_ACID_METABOLISM' 6, 'HALLMARK_COMPLEMENT' 5, 'HALLMARK_PANCREAS_BETA_CELLS' 4, 'HALLMARK_HEME_METABOLISM' 3, 'HALLMARK_INTERFERON_GAMMA_RESPONSE' 2, 'HALLMARK_ESTROGEN_RESPONSE_LATE' 1, 'HALLMARK_HYPOXIA' 0) font ',8'
set yrange [-0.7:14.7]
set palette defined (0 '#fde725', 1 '#21918c', 2 '#440154')
set cbrange [0:*]
set arrow 1 from first 1.301029996, graph 0 to first 1.301029996, graph 1 nohead dt 2 lc rgb '#555555'
set xrange [0:*]
plot './dot.dat' using 1:2:3:4 with points pt 7 ps variable lc palette notitle
