/* test_format.c — the table printer: whole names when not fitting a
 * terminal, blocks that fit a given width, and unambiguous abbreviation
 * (two different names never shown alike). */
#include "check.h"
#include "io/util.h"
#include "repl/format.h"
#include "testdata.h"

/* code points */
static size_t width(const char *s) {
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Is a an abbreviation of s: s itself, or a start of s, "…", an end of s? */
static int abbrev_of(const char *a, const char *s) {
    if (strcmp(a, s) == 0) return 1;
    for (const char *e = strstr(a, "…"); e; e = strstr(e + 1, "…")) {   /* any "…" may be the cut */
        size_t h = (size_t)(e - a), t = strlen(e + 3), n = strlen(s);
        if (h + t < n && strncmp(a, s, h) == 0 && strcmp(e + 3, s + n - t) == 0) return 1;
    }
    return 0;
}

/* Abbreviate v[0..n-1] at cap; check every result is an abbreviation of
 * its name, different names are shown differently, and count how many
 * are wider than cap (a clash made them longer). */
static size_t check_abbrev(const char *const *v, size_t n, size_t cap, size_t *over) {
    size_t *caps = calloc(n, sizeof *caps);
    char **out = calloc(n, sizeof *out);
    for (size_t i = 0; i < n; i++) caps[i] = cap;
    size_t k = abbreviate_names(v, caps, n, out);
    size_t bad = 0, clash = 0, shortened = 0;
    *over = 0;
    for (size_t i = 0; i < n; i++) {
        if (!abbrev_of(out[i], v[i])) { bad++; printf("  %s -> %s is not an abbreviation\n", v[i], out[i]); }
        if (width(v[i]) <= (cap < 5 ? 5 : cap) && strcmp(out[i], v[i])) { bad++; printf("  %s fits but became %s\n", v[i], out[i]); }
        if (width(out[i]) > cap) (*over)++;
        shortened += strcmp(out[i], v[i]) != 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(v[i], v[j]) && !strcmp(out[i], out[j])) {
                clash++;
                printf("  %s and %s both shown as %s\n", v[i], v[j], out[i]);
            }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(v[i], v[j]) && strcmp(out[i], out[j])) { bad++; printf("  %s shown two ways\n", v[i]); }
    }
    CHECK(bad == 0);
    CHECK(clash == 0);
    CHECK(k == shortened);
    for (size_t i = 0; i < n; i++) free(out[i]);
    free(out);
    free(caps);
    return shortened;
}

int main(void) {
    /* the brief's example and the start:end split (3:2 of what is kept) */
    {
        const char *v[] = {"wavelet-LLH_glszm_SmallAreaLowGrayLevelZoneEntropy"};
        size_t cap = 30;
        char *out[1];
        CHECK(abbreviate_names(v, &cap, 1, out) == 1);
        CHECK_STR(out[0], "wavelet-LLH_glszm_…ZoneEntropy");
        free(out[0]);
    }
    /* PyRadiomics names: every filter × class × feature (the real ones of
       qin_prostate_t2_wide.csv among them), at several widths */
    {
        static const char *filters[] = {"original", "wavelet-LLH", "wavelet-LHL", "wavelet-HLH", "wavelet-HHH",
                                        "log-sigma-2-0-mm-3D", "log-sigma-3-0-mm-3D", "squareroot", "exponential"};
        static const char *feats[] = {
            "glszm_SmallAreaLowGrayLevelEmphasis", "glszm_SmallAreaHighGrayLevelEmphasis",
            "glszm_LargeAreaLowGrayLevelEmphasis", "glszm_LargeAreaHighGrayLevelEmphasis",
            "glszm_SizeZoneNonUniformity", "glszm_SizeZoneNonUniformityNormalized", "glszm_ZoneEntropy",
            "glrlm_ShortRunLowGrayLevelEmphasis", "glrlm_ShortRunHighGrayLevelEmphasis",
            "glrlm_LongRunLowGrayLevelEmphasis", "glrlm_LongRunHighGrayLevelEmphasis",
            "glrlm_GrayLevelNonUniformity", "glrlm_GrayLevelNonUniformityNormalized",
            "firstorder_RobustMeanAbsoluteDeviation", "firstorder_Mean", "glcm_Idmn", "glcm_Idn"};
        size_t nf = sizeof filters / sizeof *filters, ne = sizeof feats / sizeof *feats, n = 0;
        const char **v = malloc(nf * ne * sizeof *v);
        StrList names = {0};
        for (size_t i = 0; i < nf; i++)
            for (size_t j = 0; j < ne; j++) strlist_addf(&names, "%s_%s", filters[i], feats[j]);
        for (size_t i = 0; i < names.n; i++) v[n++] = names.v[i];
        size_t over, caps[] = {12, 20, 30, 39, 80};
        for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
            size_t k = check_abbrev(v, n, caps[c], &over);
            if (caps[c] == 80) CHECK(k == 0 && over == 0);
            if (caps[c] == 39) CHECK(k > 30 && over < k);
        }
        strlist_free(&names);
        free(v);
    }
    /* adversarial: the same long start and end, one character apart in the
       middle; a name that starts another; a name holding "…"; UTF-8; a
       name given twice; tiny caps */
    {
        const char *v[] = {"aaaaaaaaaaaaXaaaaaaaaaaaa", "aaaaaaaaaaaaYaaaaaaaaaaaa", "aaaaaaaaaaaaZaaaaaaaaaaaa",
                           "aaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaXaaaaaaaaaaaaNormalized", "aaaa…aaaa",
                           "aaaaa…aaaaaaaa", "éééééééééééééXéééééééééééé", "éééééééééééééYéééééééééééé",
                           "aaaaaaaaaaaaXaaaaaaaaaaaa", "b", "", "ccccccccccccccccccccccccccccccccccccccccc"};
        size_t n = sizeof v / sizeof *v, over;
        for (size_t cap = 0; cap < 30; cap += 3) check_abbrev(v, n, cap, &over);
    }

    /* a table with long names, printed whole, then fitted */
    Table *t = load("tests/data/qin_prostate_t2_wide.csv");
    CHECK(t->ncol == 24 && t->nrow == 12);
    Buf mem = {0};
    Out o = {.mem = &mem};
    /* not fitting (scripts, pipes, files): every name whole, one block */
    CHECK(format_table(&o, t, NULL, 0, NULL, 0, 6, 0) == 0);
    {
        char *nl = strchr(mem.s, '\n');
        size_t found = 0;
        for (size_t j = 0; j < t->ncol; j++) {
            const char *p = strstr(mem.s, t->cols[j].name);
            found += p && p < nl;
        }
        CHECK(found == t->ncol);   /* the header line holds every name */
        CHECK(strstr(mem.s, "…") == NULL);
        CHECK(strstr(mem.s, "{'Original': {}, 'LoG': {'sigma': [2.0, 3.0, 4.0, 5.0]}, 'Wavelet': {}, 'Square': {}, "
                            "'SquareRoot': {}, 'Logarithm': {}, 'Exponential': {}}") != NULL);
        size_t lines = 0;
        for (const char *p = mem.s; *p; p++) lines += *p == '\n';
        CHECK(lines == t->nrow + 1);
    }
    /* a table that fits is the same at any width */
    {
        size_t cols[] = {0, 1, 4};
        Buf m2 = {0};
        Out o2 = {.mem = &m2};
        mem.len = 0;
        format_table(&o, t, NULL, 0, cols, 3, 6, 0);
        format_table(&o2, t, NULL, 0, cols, 3, 6, 80);
        CHECK_STR(m2.s, mem.s);
        buf_free(&m2);
    }
    /* fitted to 80 columns: blocks no wider than 80, each led by the key
       (study), every value present, shortened names distinct and a note */
    for (int w = 40; w <= 120; w += 40) {
        mem.len = 0;
        size_t k = format_table(&o, t, NULL, 0, NULL, 0, 6, w);
        CHECK(k > 0);
        size_t too_wide = 0, blocks = 0, lines = 0, ncols = 0;
        StrList shown = {0};
        char *copy = xstrdup(mem.s), *save = NULL;
        int header = 1;
        for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            if (l[0] == '(') { CHECK(strstr(l, "shortened to fit") != NULL); continue; }
            lines++;
            if (header) {
                blocks++;
                CHECK(strncmp(l, "study", 5) == 0);
                char *s2 = NULL, *hc = xstrdup(l);
                ncols = 0;
                for (char *wd = strtok_r(hc, " ", &s2); wd; wd = strtok_r(NULL, " ", &s2), ncols++) strlist_add(&shown, wd);
                free(hc);
            }
            /* wider than the terminal only where one column beside the key
               needs more (names kept apart by more than fits) */
            if (width(l) > (size_t)w && (ncols > 2 || w >= 80)) { too_wide++; printf("  %zu > %d: %s\n", width(l), w, l); }
            header = 0;
            if (strncmp(mem.s + (l - copy) + strlen(l), "\n\n", 2) == 0) header = 1;
        }
        CHECK(too_wide == 0);
        CHECK(lines == blocks * (t->nrow + 1));
        /* every column's header once (study in every block), each shown
           name an abbreviation of exactly one real name */
        size_t studies = 0, matched = 0;
        for (size_t i = 0; i < shown.n; i++) {
            if (!strcmp(shown.v[i], "study")) { studies++; continue; }
            size_t hits = 0;
            for (size_t j = 0; j < t->ncol; j++) hits += abbrev_of(shown.v[i], t->cols[j].name);
            matched += hits == 1;
            if (hits != 1) printf("  %s matches %zu names\n", shown.v[i], hits);
        }
        CHECK(studies == blocks && matched + studies == shown.n && shown.n - studies == t->ncol - 1);
        /* the numbers are whole */
        char num[64];
        for (size_t j = 0; j < t->ncol; j++)
            if (t->cols[j].type == COL_NUM) CHECK(strstr(mem.s, fmt_num(num, sizeof num, t->cols[j].num[5], 6)) != NULL);
        strlist_free(&shown);
        free(copy);
    }
    /* control characters from data reach no terminal, fitted or not: C0,
       DEL and C1 (CSI written as UTF-8) through the one sanitiser */
    {
        Table *h = table_new("h", "test", 2);
        char **id = calloc(2, sizeof *id), **txt = calloc(2, sizeof *txt);
        id[0] = strdup("P1");
        id[1] = strdup("P2");
        txt[0] = strdup("a\xc2\x9b" "31mred\x1b[0m\x7f");
        txt[1] = strdup("line one\nline two\tend");
        table_add_str(h, "id", NULL, id);
        table_add_str(h, "te\x1bxt", NULL, txt);
        for (int w = 0; w <= 20; w += 20) {
            mem.len = 0;
            format_table(&o, h, NULL, 0, NULL, 0, 6, w);
            CHECK(strstr(mem.s, "\x1b") == NULL && strstr(mem.s, "\xc2\x9b") == NULL && strchr(mem.s, 0x7f) == NULL);
            CHECK(strstr(mem.s, "a?31mred?[0m?") != NULL || w);
            CHECK(strstr(mem.s, "line one?line two?end") != NULL || w);
            CHECK(strstr(mem.s, "te?xt") != NULL);
            CHECK(strchr(mem.s, '\t') == NULL);
            size_t nl = 0;
            for (const char *p = mem.s; *p; p++) nl += *p == '\n';
            CHECK(nl == 3 + (w ? 1 : 0));   /* header, two rows (and the note) */
        }
        table_free(h);
    }
    buf_free(&mem);
    table_free(t);
    return TEST_END();
}
