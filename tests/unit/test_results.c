/* test_results.c — a command's result as one unit in the session
 * (repl/session.h): storing a result replaces everything its name owned
 * (a part the new run does not make goes: cox's NAME.zph, km's NAME.test),
 * drop takes a result whole or one part, a plain table over a result's
 * name removes it whole and over a part's name takes the part's place. */
#include "check.h"
#include "repl/session.h"

static Table *tab(const char *name, size_t rows) {
    Table *t = table_new(name, "test", rows);
    double *v = xcalloc(rows ? rows : 1, sizeof *v);
    table_add_num(t, "x", NULL, v);
    return t;
}

static int has_part(const Result *r, const char *part) {
    for (size_t i = 0; i < r->parts.n; i++)
        if (!strcmp(r->parts.v[i], part)) return 1;
    return 0;
}

int main(void) {
    Session *s = session_new();
    s->out.fp = NULL;
    Buf sink = {0};
    s->out.mem = &sink;
    char *what = NULL;

    /* cox as c: c, c.fit, c.zph */
    Result *r = result_new("cox", tab("c", 1), "cox time status ~ x as c");
    result_param(r, "time", "OS days");
    result_param(r, "ties", "efron");
    result_add(r, tab("c.fit", 1));
    result_add(r, tab("c.zph", 2));
    session_store_result(s, r, &what);
    CHECK(what == NULL);
    CHECK(session_result(s, "c") == r && r->parts.n == 2 && has_part(r, "fit") && has_part(r, "zph"));
    CHECK(session_find(s, "c.zph") != NULL && result_part(s, r, "zph") == session_find(s, "c.zph"));
    const char *part;
    CHECK(session_owner(s, "c.fit", &part) == r && part && !strcmp(part, "fit"));
    CHECK_STR(result_get_param(r, "ties"), "efron");
    char *txt = result_params_text(r);
    CHECK_STR(txt, "time=\"OS days\" ties=efron");
    free(txt);

    /* cox again as c without a zph: the old c.zph goes with the old result */
    Result *r2 = result_new("cox", tab("c", 1), NULL);
    result_add(r2, tab("c.fit", 1));
    session_store_result(s, r2, &what);
    CHECK_STR(what, "the previous cox result c and its parts c.fit, c.zph");
    free(what);
    CHECK(session_find(s, "c.zph") == NULL);
    CHECK(session_result(s, "c") == r2 && r2->parts.n == 1 && has_part(r2, "fit"));
    CHECK(s->ntab == 2 && s->nres == 1);

    /* drop one part: the result forgets it; drop the result: everything */
    CHECK(session_drop(s, "c.fit") == 1);
    CHECK(r2->parts.n == 0 && session_find(s, "c.fit") == NULL && session_result(s, "c") == r2);
    Result *k = result_new("km", tab("k", 2), NULL);
    result_add(k, tab("k.curve", 10));
    result_add(k, tab("k.test", 1));
    session_store_result(s, k, NULL);
    CHECK(session_drop(s, "k") == 1);
    CHECK(!session_find(s, "k") && !session_find(s, "k.curve") && !session_find(s, "k.test") && !session_result(s, "k"));

    /* a plain table over a part's name takes its place; the result forgets the part */
    k = result_new("km", tab("k", 2), NULL);
    result_add(k, tab("k.curve", 10));
    result_add(k, tab("k.test", 1));
    session_store_result(s, k, NULL);
    Table *plain = tab("k.curve", 3);
    session_store(s, plain, &what);
    CHECK_STR(what, "the previous table k.curve, a part of km result k");
    free(what);
    CHECK(session_find(s, "k.curve") == plain && !has_part(k, "curve") && has_part(k, "test"));
    CHECK(session_owner(s, "k.curve", NULL) == NULL);
    /* a new km over k: the plain k.curve is replaced by the new part and said so */
    Result *k2 = result_new("km", tab("k", 1), NULL);
    result_add(k2, tab("k.curve", 5));
    session_store_result(s, k2, &what);
    CHECK_STR(what, "the previous km result k and its part k.test\nthe previous table k.curve");
    free(what);
    CHECK(!session_find(s, "k.test") && session_find(s, "k.curve")->nrow == 5);

    /* a part added later (roc compare), replaced by a new one of that name */
    CHECK(session_add_part(s, "k", tab("k.extra", 1), &what) == 0 && what == NULL);
    CHECK(has_part(k2, "extra"));
    CHECK(session_add_part(s, "k", tab("k.extra", 2), &what) == 0);
    CHECK_STR(what, "the previous table k.extra");
    free(what);
    CHECK(session_find(s, "k.extra")->nrow == 2 && k2->parts.n == 2);
    CHECK(session_add_part(s, "nothing", tab("nothing.x", 1), &what) == -1);

    /* a plain table over a result's name removes the result whole */
    Table *p2 = tab("k", 7);
    session_store(s, p2, &what);
    CHECK_STR(what, "the previous km result k and its parts k.curve, k.extra");
    free(what);
    CHECK(!session_result(s, "k") && session_find(s, "k") == p2 && !session_find(s, "k.curve"));
    /* an in-place edit (the same table) is no replacement */
    session_store(s, p2, &what);
    CHECK(what == NULL && session_find(s, "k") == p2);

    session_free(s);
    buf_free(&sink);
    return TEST_END();
}
