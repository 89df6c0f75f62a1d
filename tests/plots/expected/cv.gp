# rgx figure: re-render with  gnuplot cv.gp  (in this directory)
set encoding utf8
set terminal pngcairo size 900,650 font 'Sans,11' noenhanced
set output './cv.png'
set datafile separator '\t'
set border 3 lw 1.2
set tics nomirror out
set grid lc rgb '#e5e5e5' lw 1
set key noautotitle
set title 'm: 10-fold cross-validation, cvm +- cvsd'
set xlabel 'log(lambda)'
set ylabel 'binomial deviance'
set key bottom right
set link x2
set x2tics ('0' -1.69982982, '9' -2.816234714, '23' -3.932639607, '41' -5.049044501, '64' -6.165449394, '79' -7.281854288, '84' -8.398259182, '88' -9.514664075, '92' -10.63106897)
set x2label 'non-zero terms'
set arrow from -3.281403419, graph 0 to -3.281403419, graph 1 nohead dt 2 lc rgb '#555555'
set label 'lambda.min' at -3.281403419, graph 0.97 right offset -0.5,0 tc rgb '#555555'
set arrow from -2.723200973, graph 0 to -2.723200973, graph 1 nohead dt 3 lc rgb '#555555'
set label 'lambda.1se' at -2.723200973, graph 0.90 right offset -0.5,0 tc rgb '#555555'
plot \
  './cv.dat' index 0 using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.5 lc rgb '#D55E00' notitle
