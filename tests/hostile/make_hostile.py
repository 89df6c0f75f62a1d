#!/usr/bin/env python3
"""Writes the hostile-input corpus of tests/hostile (committed; rerun only
to change it).  Each file is one way a downloaded or hand-made table can
be wrong; tests/sessions/hostile.rgx loads every one and pins the message."""
import gzip, os

def w(name, data, gz=False):
    b = data if isinstance(data, bytes) else data.encode('utf-8')
    if gz:
        with gzip.open(name, 'wb', 9) as f:
            f.write(b)
    else:
        open(name, 'wb').write(b)

# size
w('long_line.csv.gz', 'id,note,x\nP1,' + 'A' * (1 << 20) + ',1\nP2,b,2\n', gz=True)
w('wide_100k.csv.gz', 'id,' + ','.join('c%d' % i for i in range(100000)) + '\n' +
  ''.join('P%d,' % r + ','.join(str((i + r) % 2) for i in range(100000)) + '\n' for r in range(3)), gz=True)
w('long_name.csv.gz', 'id,' + 'n' * 100000 + '\nP1,1\nP2,2\n', gz=True)
w('many_rows_one_col.csv.gz', 'id\n' + ''.join('P%d\n' % i for i in range(50000)), gz=True)
# quoting and encoding
w('nested_quotes.csv', 'id,x\nP1,"' + '""' * 5000 + '"\nP2,"a""b""c"\n')
w('quote_mid_field.csv', 'id,x\nP1,ab"cd\nP2,"e"f\n')
w('newline_in_quotes.csv', 'id,note,x\nP1,"line one\nline two",1\nP2,"x",2\n')
w('invalid_utf8.csv', b'id,na\xffme,x\nP\xfe1,\xc3\x28,1\nP2,ok,2\n')
w('utf16_bom.csv', 'id,x\nP1,1\n'.encode('utf-16'))
w('control_chars.csv', 'id,x,label\nP1,1,\x1b[31mred\x1b[0m\nP2,2,bell\x07\n')
w('cr_only.csv', 'id,x\rP1,1\rP2,2\r')
w('mixed_separators.txt', 'id\tx,y\nP1\t1,2\nP2\t3,4\n')
w('empty_names.csv', ',,,\n1,2,3,4\n5,6,7,8\n')
w('gnuplot_hostile_names.csv', "id,`touch PWNED`,it's,\"a\"\"b\"\nP1,1,2,3\nP2,4,5,6\nP3,7,8,9\n")
w('sep_only.csv', ',,,,\n,,,,\n')
w('whitespace_only.csv', '   \n\t\n  \n')
w('zero_length.csv.gz', b'', gz=True)
w('gzip_of_binary.csv.gz', bytes(range(256)) * 64, gz=True)
w('not_gzip.gz', b'\x1f\x8b\x08\x00garbage that is not deflate')
# numbers
w('numbers_edge.csv', 'id,x\nP1,1e999\nP2,-1e999\nP3,nan\nP4,-0\nP5,0x10\nP6,1e-400\nP7,.5\nP8,5.\nP9,+3\nP10,Inf\nP11,-inf\nP12,1e308\n')
w('numbers_thousands.csv', 'id,x\nP1,"1,000"\nP2,2\n')
w('numbers_spaces.csv', 'id,x\nP1, 7 \nP2,8\n')
w('all_missing_column.csv', 'id,x,y\nP1,NA,1\nP2,,2\nP3,[Not Available],3\n')
w('constant_column.csv', 'id,x,y\nP1,5,1\nP2,5,2\nP3,5,3\nP4,5,4\n')
w('one_row.csv', 'id,x,y\nP1,1,2\n')
# identifiers
w('dup_ids_conflict.csv', 'id,x\nP1,1\nP1,2\nP2,3\n')
w('ids_same_patient.csv', 'id,x\nTCGA-02-0003-01A,1\ntcga.02.0003.11A,2\nTCGA_02_0003,3\nTCGA-02-0006-01A,4\n')
w('one_patient_a.csv', 'id,a\nTCGA-02-0003,1\nTCGA-02-0006,2\n')
w('one_patient_b.csv', 'id,b\nTCGA-02-0003-01A-01D,5\nTCGA-99-9999,6\n')
w('no_patients_in_common.csv', 'id,b\nTCGA-77-0001,1\nTCGA-77-0002,2\n')
w('empty_ids.csv', 'id,x\n,1\n,2\nP3,3\n')
# loaders
w('maf_header_only.maf', 'Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\n')
w('maf_no_gene_column.maf', 'Gene\tVariant_Classification\tTumor_Sample_Barcode\nEGFR\tMissense_Mutation\tTCGA-02-0003-01A\n')
w('maf_bad_barcodes.maf', 'Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\nEGFR\tMissense_Mutation\tnot-a-barcode\nTP53\tNonsense_Mutation\t\n')
w('maf_comment_version.maf', '#version 2.4\n#another\nHugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\nEGFR\tMissense_Mutation\tTCGA-02-0003-01A-01D-1490-08\n')
w('expression_dup_samples.tsv', 'gene\tTCGA-02-0003-01A\tTCGA-02-0003-01A\tTCGA-02-0006-01A\nEGFR\t1\t2\t3\nTP53\t4\t5\t6\n')
w('expression_inf.tsv', 'gene\tTCGA-02-0003\tTCGA-02-0006\nEGFR\tInf\t1\nTP53\t2\t-Inf\n')
w('expression_one_gene.tsv', 'gene\tTCGA-02-0003\tTCGA-02-0006\nEGFR\t1\t2\n')
w('radiomics_text_feature.csv', 'Image,Mask,original_firstorder_Mean,original_glcm_Contrast\nTCGA-02-0003.nrrd,m.nrrd,1.5,high\nTCGA-02-0006.nrrd,m.nrrd,2.5,low\n')
w('radiomics_no_id.csv', 'original_firstorder_Mean,original_glcm_Contrast\n1.5,2\n2.5,3\n')
w('clinical_negative_times.tsv', 'patient\tOS.time\tOS\nTCGA-02-0003\t-5\t1\nTCGA-02-0006\t100\t0\nTCGA-02-0007\t200\t1\n')
w('clinical_all_censored.tsv', 'patient\tOS.time\tOS\nTCGA-02-0003\t50\t0\nTCGA-02-0006\t100\t0\nTCGA-02-0007\t200\t0\n')
w('clinical_event_words.tsv', 'patient\tOS.time\tOS\nTCGA-02-0003\t50\tmaybe\nTCGA-02-0006\t100\t0\n')
# issue 14, "no wrong answer without a warning" (tests/sessions/trust_load.rgx):
# quotes (R's read.csv reads stray_quote.csv as 4 rows, GBM recurrent; "1"2 as 12)
w('stray_quote.csv', 'id,dx,age\nP1,"GBM" recurrent,61\nP2,LGG,45\nP3,"GBM",50\nP4,LGG,33\n')
w('stray_quote_lines.csv', 'id,dx,age\nP1,"GBM,61\nP2,LGG,45\nP3,"x",1\nP4,LGG,33\n')
w('quote_then_digit.csv', 'id,x\nP1,"1"2\nP2,3\n')
w('quote_inside_field.csv', 'id,dx,age\nP1,GBM "recurrent,61\nP2,LGG,45\nP3,GBM,50\nP4,LGG,33\n')
# a separator at the end of every data row (and of the header too)
w('trailing_sep_rows.csv', 'id,x,y\nP1,1,2,\nP2,3,4,\nP3,5,6,\n')
w('trailing_sep_all.csv', 'id,x,y,\nP1,1,2,\nP2,3,4,\n')
# line ends: CR with a last LF or CRLF; a mix, with an error on line 4
w('cr_last_lf.csv', 'id,x\rP1,1\rP2,2\n')
w('cr_last_crlf.csv', 'id,x\rP1,1\rP2,2\r\n')
w('mixed_line_ends.csv', 'id,x\r\nP1,1\rP2,2\r\nP3,abc,9\r\n')
# encodings: UTF-32 both ways, a doubled UTF-8 BOM
w('utf32le_bom.csv', b'\xff\xfe\x00\x00' + 'id,x\nP1,1\n'.encode('utf-32-le'))
w('utf32be_bom.csv', b'\x00\x00\xfe\xff' + 'id,x\nP1,1\n'.encode('utf-32-be'))
w('double_bom.csv', b'\xef\xbb\xbf\xef\xbb\xbfid,x\nP1,1\nP2,2\n')
# a table keyed by sample barcodes whose first row of a patient is a normal
w('barcodes_normal_first.csv', 'sample,age,score\nTCGA-02-0003-11A,50,1\nTCGA-02-0003-01A,50,2\n'
  'TCGA-02-0006-01A,61,3\nTCGA-02-0007-02A,40,4\nTCGA-02-0007-01A,40,5\nTCGA-02-0007-01B,40,7\n')
# a primary and a recurrence of one patient in an expression matrix and a MAF
w('expression_by_sample.tsv', 'gene\tTCGA-02-0003-01A\tTCGA-02-0003-02A\tTCGA-02-0006-01A\nEGFR\t1\t9\t2\nTP53\t3\t4\t5\n')
w('maf_by_sample.maf', 'Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\n'
  'EGFR\tMissense_Mutation\tTCGA-02-0003-02A-01D-1490-08\nTP53\tNonsense_Mutation\tTCGA-02-0003-01A-01D-1490-08\n'
  'TP53\tMissense_Mutation\tTCGA-02-0006-01A-01D-1490-08\n')
# IDs longer than 127 characters that differ after it
long1, long2 = 'S' * 150 + 'A' + 's' * 49, 'S' * 150 + 'B' + 's' * 49
w('long_ids_a.csv', 'id,a\n%s,1\n%s,2\n' % (long1, long2))
w('long_ids_b.csv', 'id,b\n%s,10\n%s,20\n' % (long1, long2))
# a clinical time column whose name says nothing of its unit
w('clinical_unit_unknown.tsv', 'patient\tsurv\tdead\nTCGA-02-0003\t12\t1\nTCGA-02-0006\t30\t0\n')
# duplicate feature names in a features-by-patients table
w('radiomics_dup_features.tsv', 'feature\tTCGA-02-0003\tTCGA-02-0006\noriginal_firstorder_Mean\t1\t2\n'
  'original_firstorder_Mean\t3\t4\noriginal_glcm_Contrast\t5\t6\n')
# image paths where an ID pattern can match the empty string
w('radiomics_image_paths.csv', 'Image,Mask,original_firstorder_Mean\nTCGA-02-0003.nrrd,m.nrrd,1.5\n'
  'TCGA-02-0006.nrrd,m.nrrd,2.5\nphantom.nrrd,m.nrrd,3.5\n')
# FILTER in lower case, genes without a symbol, a gene name with an escape sequence
w('maf_filter_case.maf', 'Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\tFILTER\n'
  'EGFR\tMissense_Mutation\tTCGA-02-0003-01A\tpass\nTP53\tMissense_Mutation\tTCGA-02-0003-01A\tPASS\n'
  'PTEN\tMissense_Mutation\tTCGA-02-0006-01A\tpanel_of_normals\nUnknown\tMissense_Mutation\tTCGA-02-0006-01A\tPASS\n'
  '\tNonsense_Mutation\tTCGA-02-0006-01A\tPASS\nNF1\tSilent\tTCGA-02-0006-01A\tPASS\n')
w('maf_escape_gene.maf', 'Hugo_Symbol\tVariant_Classification\tTumor_Sample_Barcode\n'
  '\x1b[31mEVIL\x1b]0;pwned\x07\tMissense_Mutation\tTCGA-02-0003-01A\nTP53\tMissense_Mutation\tTCGA-02-0003-01A\n')
w('id_escape.csv', 'id,x\n\x1b[31mP1\x1b[0m,1\nP2,2\n')
