/* test_hash_header.c — a '#' line at the top of a table (review C1): the
 * header when it has the rows' shape and the line after it is a row (as
 * R's read.csv, whose comment.char is ""), a comment otherwise (a MAF's
 * "#version 2.4", "# text", cBioPortal's '#' lines above the header).
 * Checked against tests/reference/hash_header.tsv, made by
 * tests/reference/hash_header.R: where agree = yes the rows, the columns
 * and the first name (through R's make.names) must equal R's exactly;
 * where agree = no rgx skips the '#' lines as comments and says so. */
#include "tests/unit/check.h"
#include <ctype.h>
#include "io/load_table.h"

/* R's make.names for one name (enough for these files) */
static void make_name(const char *s, char *out, size_t n) {
    size_t k = 0;
    if (!(isalpha((unsigned char)s[0]) || (s[0] == '.' && !isdigit((unsigned char)s[1])))) out[k++] = 'X';
    for (; *s && k + 1 < n; s++) out[k++] = isalnum((unsigned char)*s) || *s == '.' || *s == '_' ? *s : '.';
    out[k] = '\0';
}

int main(void) {
    FILE *f = fopen("tests/reference/hash_header.tsv", "r");
    CHECK(f != NULL);
    if (!f) return TEST_END();
    char line[512], file[128], first[128], agree[8];
    int rows, cols, nrow = 0;
    if (!fgets(line, sizeof line, f)) line[0] = '\0';   /* the header */
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%127s %d %d %127s %7s", file, &rows, &cols, first, agree) != 5) continue;
        nrow++;
        char path[256];
        snprintf(path, sizeof path, "tests/data/review/%s", file);
        LoadOpts o = {.name = "t"};
        LoadReport rep = {0};
        Buf err = {0};
        int cancelled = 0;
        Table *t = table_load(path, &o, &rep, &err, &cancelled);
        CHECK(t != NULL);
        if (!t) { printf("  %s: %s\n", file, err.s); buf_free(&err); continue; }
        int said = 0;
        for (size_t i = 0; i < rep.warnings.n; i++) said |= strstr(rep.warnings.v[i], "read as the header") != NULL;
        if (!strcmp(agree, "yes")) {
            size_t first_col = rep.rownames ? 1 : 0;   /* R's row names are no column */
            char nm[128];
            make_name(t->cols[first_col].name, nm, sizeof nm);
            CHECK_COUNT(t->nrow, rows);
            CHECK_COUNT(t->ncol - first_col, cols);
            CHECK_STR(nm, first);
            CHECK(said && rep.comment_lines == 0);
        } else {
            /* rgx reads the rows under the real header: 2 of them */
            CHECK_COUNT(t->nrow, 2);
            CHECK(!said && rep.comment_lines >= 1);
        }
        table_free(t);
        load_report_free(&rep);
        buf_free(&err);
    }
    fclose(f);
    CHECK_COUNT(nrow, 7);
    return TEST_END();
}
