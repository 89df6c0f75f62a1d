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
