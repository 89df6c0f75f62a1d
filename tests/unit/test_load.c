/* test_load.c — io/csvread.c and io/load_table.c: formats, types, errors. */
#include <zlib.h>
#include "check.h"
#include "io/load_table.h"

static Buf err;
static LoadReport rep;

static Table *load_opts(const char *path, const char *id, int sep) {
    LoadOpts o = {.name = "t", .id = id, .sep = sep};
    load_report_free(&rep);
    rep = (LoadReport){0};
    err.len = 0;
    if (err.s) err.s[0] = '\0';
    int cancelled;
    return table_load(path, &o, &rep, &err, &cancelled);
}
static Table *load(const char *path) { return load_opts(path, NULL, 0); }

static const char *cell(const Table *t, size_t i, const char *col) {
    long j = table_find(t, col);
    if (j < 0 || t->cols[j].type != COL_STR) return "(not a text column)";
    return t->cols[j].str[i] ? t->cols[j].str[i] : "(NA)";
}
static double num(const Table *t, size_t i, const char *col) {
    long j = table_find(t, col);
    if (j < 0 || t->cols[j].type != COL_NUM) return -999999;
    return t->cols[j].num[i];
}
static int has_err(const char *want) {
    int ok = err.s && strstr(err.s, want);
    if (!ok) printf("  error was: %s\n  expected: %s\n", err.s ? err.s : "(none)", want);
    return ok;
}

static int has_warning(const char *want) {
    for (size_t i = 0; i < rep.warnings.n; i++)
        if (strstr(rep.warnings.v[i], want)) return 1;
    printf("  no warning with: %s; warnings:\n", want);
    for (size_t i = 0; i < rep.warnings.n; i++) printf("    %s\n", rep.warnings.v[i]);
    return 0;
}

/* What R's read.csv makes of the quoting and line-end files of
 * tests/hostile (tests/reference/read_csv.R → read_csv.tsv): where rgx
 * agrees, the same rows and first value; where it differs, a warning. */
static void r_parity(void) {
    FILE *f = fopen("tests/reference/read_csv.tsv", "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[512];
    int n = 0;
    if (!fgets(line, sizeof line, f)) line[0] = '\0';   /* the header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *save = NULL, *file = strtok_r(line, "\t", &save), *rows = strtok_r(NULL, "\t", &save);
        char *col = strtok_r(NULL, "\t", &save), *first = strtok_r(NULL, "\t", &save), *agree = strtok_r(NULL, "\t", &save);
        if (!file || !rows || !col || !first || !agree) continue;
        char path[256];
        snprintf(path, sizeof path, "tests/hostile/%s", file);
        Table *t = load(path);
        CHECK(t != NULL);
        if (!t) continue;
        n++;
        if (strcmp(agree, "yes") == 0) {
            if ((long)t->nrow != atol(rows)) printf("  %s: %zu rows, R reads %s\n", file, t->nrow, rows);
            CHECK((long)t->nrow == atol(rows));
            long j = table_find(t, col);
            char tmp[64];
            const char *v = j >= 0 ? table_cell_text(t, 0, (size_t)j, 15, tmp, sizeof tmp) : NULL;
            CHECK_STR(v ? v : "NA", first);
        } else {
            CHECK(rep.warnings.n > 0);   /* rgx differs from R: it says so */
        }
        table_free(t);
    }
    fclose(f);
    CHECK(n == 8);
}

/* Issue 14: no wrong answer without a warning (the reader's part). */
static void trust_tests(void) {
    r_parity();
    Table *t;
    /* a quoted field with text after its closing quote: read as R's
       read.csv reads it (4 rows, the parts joined), with a warning;
       before, the rows after it were merged into one field */
    t = load(WRITE_TMP("stray.csv", "id,dx,age\nP1,\"GBM\" recurrent,61\nP2,LGG,45\nP3,\"GBM\",50\nP4,LGG,33\n"));
    CHECK(t && t->nrow == 4);
    if (t) {
        CHECK_STR(cell(t, 0, "dx"), "GBM recurrent");
        CHECK_STR(cell(t, 2, "dx"), "GBM");
        CHECK(num(t, 1, "age") == 45 && num(t, 3, "age") == 33);
    }
    CHECK(has_warning("line 2, column 10: \"GBM\" recurrent read as 'GBM recurrent'"));
    table_free(t);
    /* Excel error values (#NAME?, #DIV/0!…) are missing and reported, and
       leave a numeric column numeric (they made it text before) */
    t = load(WRITE_TMP("excel.csv", "id,x,y,z\nP1,1,#NAME?,a\nP2,#DIV/0!,2,#NAME?\nP3,3,4,b\n"));
    CHECK(t && t->nrow == 3);
    if (t) {
        CHECK(isnan(num(t, 1, "x")) && num(t, 2, "x") == 3);
        CHECK(isnan(num(t, 0, "y")) && num(t, 1, "y") == 2);
        CHECK_STR(cell(t, 1, "z"), "(NA)");
    }
    CHECK(has_warning("3 cells hold the Excel error values #NAME?, #DIV/0! (a spreadsheet formula that failed), read "
                      "as missing: line 2 (id P1) and others, in 3 columns (x, y, z)"));
    table_free(t);
    t = load(WRITE_TMP("q12.csv", "id,x\nP1,\"1\"2\nP2,3\n"));
    CHECK(t && t->nrow == 2 && num(t, 0, "x") == 12);   /* R: 12 */
    CHECK(has_warning("text after the closing quote") && has_warning("line 2, column 7"));
    table_free(t);
    /* a stray quote that swallows line breaks stops the load with the place */
    CHECK(!load(WRITE_TMP("swallow.csv", "id,dx,age\nP1,\"GBM,61\nP2,LGG,45\nP3,\"x\",1\n")) &&
          has_err("swallow.csv:4:5: text after the closing quote of a quoted field that opened on line 2 (column 4)"));
    /* a quote inside an unquoted field is a character (R would open a quote there) */
    t = load(WRITE_TMP("midq.csv", "id,dx,age\nP1,GBM \"recurrent,61\nP2,LGG,45\n"));
    CHECK(t && t->nrow == 2);
    if (t) CHECK_STR(cell(t, 0, "dx"), "GBM \"recurrent");
    CHECK(has_warning("line 2, column 8: GBM \"recurrent"));
    table_free(t);
    /* every data row ends with a separator: the empty field is dropped, the
       columns are not shifted (R would take the first column as row names) */
    t = load(WRITE_TMP("trail.csv", "id,x,y\nP1,1,2,\nP2,3,4,\n"));
    CHECK(t && t->nrow == 2 && t->ncol == 3 && rep.rownames == 0);
    if (t) {
        CHECK_STR(t->cols[0].name, "id");
        CHECK_STR(cell(t, 1, "id"), "P2");
        CHECK(num(t, 0, "x") == 1 && num(t, 1, "y") == 4);
    }
    CHECK(has_warning("2 data rows end with a separator"));
    table_free(t);
    /* … but a later row with a value there: R's row names after all */
    t = load(WRITE_TMP("trail2.csv", "x,y\nP1,1,\nP2,3,4\n"));
    CHECK(t && t->nrow == 2 && t->ncol == 3 && rep.rownames == 1);
    if (t) CHECK(num(t, 1, "y") == 4 && isnan(num(t, 0, "y")));
    table_free(t);
    /* a header that ends with a separator too: the empty unnamed column goes */
    t = load(WRITE_TMP("trail3.csv", "id,x,y,\nP1,1,2,\nP2,3,4,\n"));
    CHECK(t && t->nrow == 2 && t->ncol == 3);
    CHECK(has_warning("the empty last column, which has no name, was dropped"));
    table_free(t);
    /* CR line ends whose last line ends in LF or CRLF: 2 rows, not 0 */
    t = load(WRITE_TMP("cr_lf.csv", "id,x\rP1,1\rP2,2\n"));
    CHECK(t && t->nrow == 2 && num(t, 1, "x") == 2);
    table_free(t);
    t = load(WRITE_TMP("cr_crlf.csv", "id,x\rP1,1\rP2,2\r\n"));
    CHECK(t && t->nrow == 2);
    table_free(t);
    /* mixed line ends: the line of an error counts each of them */
    CHECK(!load(WRITE_TMP("mixed.csv", "id,x\r\nP1,1\rP2,2\r\nP3,abc,9\r\n")) &&
          has_err("mixed.csv:4: row has 3 fields"));
    /* UTF-32 is named, in both byte orders, and told from UTF-16 */
    CHECK(!load(write_tmp("u32le.csv", "\xff\xfe\0\0i\0\0\0", 8)) && has_err("UTF-32 text") &&
          has_err("UTF-32LE byte-order mark") && has_err("iconv -f UTF-32LE"));
    CHECK(!load(write_tmp("u32be.csv", "\0\0\xfe\xff\0\0\0i", 8)) && has_err("UTF-32 text (it starts with a UTF-32BE"));
    CHECK(!load(write_tmp("u16le.csv", "\xff\xfei\0d\0", 6)) && has_err("UTF-16 text (it starts with a UTF-16LE"));
    /* a double BOM leaves no \ufeff in the first name */
    t = load(WRITE_TMP("bom2.csv", "\xEF\xBB\xBF\xEF\xBB\xBFid,x\nP1,1\n"));
    CHECK(t && t->id == 0);
    if (t) CHECK_STR(t->cols[0].name, "id");
    table_free(t);
    /* sample=: a key of sample barcodes keeps each patient's primary tumour */
    LoadOpts so = {.name = "t"};
    load_report_free(&rep);
    rep = (LoadReport){0};
    int cancelled;
    const char *bc = WRITE_TMP("bc.csv", "sample,v,w\nTCGA-02-0003-11A,1,n\nTCGA-02-0003-01A,2,t\n"
                                         "TCGA-02-0003-01B,4,u\nTCGA-02-0006-01A,3,t\n");
    t = table_load(bc, &so, &rep, &err, &cancelled);
    CHECK(t && t->nrow == 2 && rep.barcodes && rep.ndropped == 2 && num(t, 0, "v") == 2 && num(t, 1, "v") == 3);
    table_free(t);
    so.sample = TABLE_SAMPLE_MEAN;
    load_report_free(&rep);
    rep = (LoadReport){0};
    t = table_load(bc, &so, &rep, &err, &cancelled);
    CHECK(t && t->nrow == 2 && rep.ndropped == 1 && rep.averaged == 1 && num(t, 0, "v") == 3);
    if (t) CHECK_STR(cell(t, 0, "w"), "t");
    table_free(t);
    so.sample = TABLE_SAMPLE_ALL;
    load_report_free(&rep);
    rep = (LoadReport){0};
    t = table_load(bc, &so, &rep, &err, &cancelled);
    CHECK(t && t->nrow == 4 && rep.ndropped == 0);
    table_free(t);
    /* memory by the rows read: a wide file's first rows do not take 1024 rows per column */
    Buf wide = {0};
    buf_puts(&wide, "id");
    for (int j = 0; j < 20000; j++) buf_printf(&wide, ",c%d", j);
    buf_puts(&wide, "\nP1");
    for (int j = 0; j < 20000; j++) buf_puts(&wide, ",1");
    buf_puts(&wide, "\n");
    t = load(write_tmp("wide.csv", wide.s, wide.len));
    CHECK(t && t->nrow == 1 && t->ncol == 20001);
    table_free(t);
    buf_free(&wide);
}

int main(void) {
    Table *t;
    /* comma, CRLF, BOM, quoted separator and newline, R-style header */
    t = load(WRITE_TMP("a.csv", "\xEF\xBB\xBF\"x\",\"y\"\r\n\"P1\",1.5,\"a, b\"\r\nP2,-2e3,\"two\nlines\"\r\n"));
    CHECK(t && rep.rownames == 1 && t->ncol == 3 && t->nrow == 2);
    if (t) {
        CHECK_STR(t->cols[0].name, "id");
        CHECK(t->id == 0);
        CHECK_STR(cell(t, 1, "id"), "P2");
        CHECK(num(t, 0, "x") == 1.5 && num(t, 1, "x") == -2000);
        CHECK_STR(cell(t, 0, "y"), "a, b");
        CHECK_STR(cell(t, 1, "y"), "two\nlines");
        CHECK(table_row_of(t, "P2") == 1);
    }
    table_free(t);
    /* tab, comment lines, missing tokens, custom key */
    t = load_opts(WRITE_TMP("b.tsv", "#version 2.4\n# more\ngene\tsample_id\tv\nEGFR\tS1\t[Not Available]\nTP53\tS2\tNA\nPTEN\tS3\t\n"),
                  "sample_id", 0);
    CHECK(t && rep.comment_lines == 2 && rep.sep == '\t' && t->nrow == 3);
    if (t) {
        CHECK_STR(t->cols[t->id].name, "sample_id");
        CHECK(t->cols[2].type == COL_NUM && isnan(num(t, 0, "v")) && isnan(num(t, 2, "v")));
        CHECK(table_row_of(t, "S3") == 2);
    }
    table_free(t);
    /* blanks around unquoted fields are trimmed and blank lines skipped, on
     * the fast path (no quotes) as on the quoted path (quotes on the line) */
    t = load(WRITE_TMP("blank.csv", "id , v\n  P1 ,  1.5 \n   \n\"P2\" , 2\nP3,\t3\t\n"));
    CHECK(t && t->nrow == 3);
    if (t) {
        CHECK_STR(t->cols[0].name, "id");
        CHECK_STR(cell(t, 0, "id"), "P1");
        CHECK_STR(cell(t, 1, "id"), "P2");
        CHECK(num(t, 0, "v") == 1.5 && num(t, 1, "v") == 2 && num(t, 2, "v") == 3);
    }
    table_free(t);
    t = load(WRITE_TMP("tabs.tsv", "id\tv\tw\nP1\t\t x \nP2\t2\t\n"));
    CHECK(t && t->nrow == 2 && isnan(num(t, 0, "v")));
    if (t) { CHECK_STR(cell(t, 0, "w"), "x"); CHECK_STR(cell(t, 1, "w"), "(NA)"); }
    table_free(t);
    /* exact conversion: the fast path agrees with strtod */
    const char *nums[] = {"0.1", "3.14159265358979", "-2.5e-300", "1e22", "1e23", "123456789012345678",
                          "0.000001234567890123", "9007199254740993", "1.7976931348623157e308", "4.9e-324", "-0"};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        double y;
        CHECK(parse_number(nums[i], &y) && memcmp(&y, &(double){strtod(nums[i], NULL)}, sizeof y) == 0);
    }
    /* semicolon detected */
    t = load(WRITE_TMP("c.txt", "a;b;c\n1;2;3\n"));
    CHECK(t && rep.sep == ';' && t->ncol == 3 && num(t, 0, "c") == 3);
    table_free(t);
    /* a column of numbers with a word far down: read again, original text kept */
    Buf big = {0};
    buf_puts(&big, "id,code,x\n");
    for (int i = 0; i < 3000; i++) buf_printf(&big, "p%d,%03d,%d\n", i, i % 1000, i);
    buf_puts(&big, "last,abc,1\n");
    t = load(write_tmp("d.csv", big.s, big.len));
    buf_free(&big);
    CHECK(t && t->nrow == 3001);
    if (t) {
        CHECK(t->cols[1].type == COL_STR);
        CHECK_STR(cell(t, 7, "code"), "007");
        CHECK_STR(cell(t, 3000, "code"), "abc");
        CHECK(num(t, 2999, "x") == 2999);
    }
    table_free(t);
    /* an all-missing column is numeric; text before numbers stays text */
    t = load(WRITE_TMP("e.csv", "id,m,s\na,,x\nb,NA,2\n"));
    CHECK(t && t->cols[1].type == COL_NUM && t->cols[2].type == COL_STR);
    if (t) CHECK_STR(cell(t, 1, "s"), "2");
    table_free(t);
    /* duplicate names made unique, with a warning */
    t = load(WRITE_TMP("f.csv", "id,a,a,,a.1\nx,1,2,3,4\n"));
    CHECK(t && t->ncol == 5);
    if (t) {
        CHECK_STR(t->cols[2].name, "a.2");
        CHECK_STR(t->cols[3].name, "V4");
        CHECK(rep.warnings.n == 1);
    }
    table_free(t);
    /* duplicate IDs are counted and warned about */
    t = load(WRITE_TMP("g.csv", "patient,v\nA,1\nB,2\nA,3\n"));
    CHECK(t && t->ndup == 1 && rep.warnings.n == 1 && table_row_of(t, "A") == 0);
    table_free(t);
    /* numbers: what is and is not one */
    double x;
    CHECK(parse_number("1e-3", &x) && x == 1e-3);
    CHECK(parse_number("-.5", &x) && x == -0.5);
    CHECK(parse_number("+7.", &x) && x == 7);
    CHECK(parse_number("-Inf", &x) && isinf(x) && x < 0);
    CHECK(parse_number("0x10", &x) && x == 16);      /* as R's as.numeric("0x10") */
    CHECK(parse_number("-0x1p3", &x) && x == -8);
    CHECK(!parse_number("0x", &x));
    CHECK(!parse_number("0xg", &x));
    CHECK(parse_number("1e999", &x) && isinf(x));    /* overflow is Inf, as R */
    CHECK(parse_number("1e-400", &x) && x == 0);
    CHECK(!parse_number("1e", &x));
    CHECK(!parse_number("1.2.3", &x));
    CHECK(!parse_number("", &x));
    CHECK(!parse_number("12abc", &x));
    /* gzip, read transparently */
    gzFile gz = gzopen("tests/tmp/h.csv.gz", "wb");
    gzputs(gz, "id,v\nq,42\n");
    gzclose(gz);
    t = load("tests/tmp/h.csv.gz");
    CHECK(t && num(t, 0, "v") == 42);
    table_free(t);
    /* errors, with file and line */
    CHECK(!load(WRITE_TMP("r.csv", "a,b,c\n1,2,3\n4,5\n")) && has_err("r.csv:3: row has 2 fields but the header (line 1) has 3"));
    CHECK(!load(WRITE_TMP("r2.csv", "a,b\n1,2\n3,4,\n")) && has_err("r2.csv:3: row has 3 fields") && has_err("trailing separator"));
    CHECK(!load(WRITE_TMP("q.csv", "a,b\n1,\"open\n2,3\n")) && has_err("q.csv:2:3: unterminated quoted field"));
    CHECK(!load(WRITE_TMP("empty.csv", "")) && has_err("empty.csv: the file is empty"));
    CHECK(!load(WRITE_TMP("comments.csv", "# only\n# comments\n")) && has_err("the file is empty"));
    t = load(WRITE_TMP("header.csv", "id,a,b\n"));
    CHECK(t && t->nrow == 0 && t->ncol == 3);
    table_free(t);
    CHECK(!load(write_tmp("bin.csv", "a,b\n1,2\n\x01\x00\x02\xff", 12)) && has_err("bin.csv:3: contains a NUL byte"));
    CHECK(!load("tests/tmp/does-not-exist.csv") && has_err("cannot open tests/tmp/does-not-exist.csv: No such file"));
    CHECK(!load("tests/tmp") && has_err("it is a directory"));
    CHECK(!load_opts(WRITE_TMP("k.csv", "patient,v\nA,1\n"), "patiend", 0) && has_err("no column 'patiend' for id= (did you mean patient?)"));
    CHECK(!load(write_tmp("trunc.csv.gz", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c", 12)) && has_err("trunc.csv.gz"));
    trust_tests();
    load_report_free(&rep);
    buf_free(&err);
    return TEST_END();
}
