/* ldl.h — the symmetric factorisation R's survival package uses for the
 * information matrix of a Cox model (its cholesky2 / chsolve2 / chinv2):
 * A = L D Lᵀ in the given order, without pivoting, where a pivot below
 * toler × the largest diagonal element marks its row and column as
 * linearly dependent on those before it (an aliased term): its D is 0, its
 * column of L is 0, and the solution and the inverse get 0 there.  On the
 * other rows and columns the results are exactly those of the submatrix
 * without the dependent ones, so a model with aliased terms is fitted as
 * the model without them (coxph's coefficients NA, "not defined because of
 * singularities").  Plain C, no GSL: no error handler is ever called. */
#ifndef RGX_LDL_H
#define RGX_LDL_H
#include <stddef.h>

/* survival's coxph.control(toler.chol): .Machine$double.eps^0.75. */
#define LDL_TOLER 1.8189894035458565e-12

/* Factor the symmetric p × p matrix a (row-major; read from its lower
 * triangle, overwritten by L below the diagonal and D on it).  dep[j] (p
 * entries, may be NULL) gets 1 for a dependent row/column, else 0.
 * Returns the rank (the number of non-zero pivots). */
size_t ldl_factor(double *a, size_t p, double toler, int *dep);

/* Solve A x = b with the factor of ldl_factor, in place in b; x is 0 at
 * the dependent rows (a generalised inverse). */
void ldl_solve(const double *f, size_t p, double *b);

/* The generalised inverse of A from its factor: inv (p × p, row-major)
 * gets the inverse of A over the independent rows and columns and 0 on
 * the dependent ones.  work: p doubles. */
void ldl_inverse(const double *f, size_t p, double *inv, double *work);

/* bᵀ A⁻ b for the symmetric p × p matrix A (not modified): the quadratic
 * form of the score, Wald and robust tests, with A's dependent directions
 * left out as coxph.wtest does.  rank (may be NULL) gets A's rank.
 * Returns NaN when out of memory. */
double ldl_quadform(const double *A, const double *b, size_t p, double toler, size_t *rank);
#endif
