/*
 * Bundle adjustment: the sum of squared reprojection errors of ADBench's BA
 * problem (Srajer, Kukelova, Fitzgibbon 2018), written from its formulas.
 *
 * Each camera has 11 parameters: an angle-axis rotation (3), the camera's
 * centre (3), the focal length, the principal point (2) and two radial
 * distortion coefficients.  Observation i sees point obs[2i+1] from camera
 * obs[2i] at the pixel feats[2i ..], with a weight w[i].  A point is moved
 * to the camera's frame (Rodrigues' rotation, with its first-order form
 * when the angle is zero), projected, distorted radially, scaled and
 * shifted; the error is the weighted difference to the feature.  The
 * objective adds the squares of the errors and of the weight terms
 * 1 - w[i]^2.
 *
 * bpgen writes its gradient in the cameras, the points and the weights,
 * ba_objective_grad.
 */
#include <math.h>
#include <bpgen.h>

enum { BA_NCAMPARAMS = 11, ROT_IDX = 0, C_IDX = 3, F_IDX = 6, X0_IDX = 7, RAD_IDX = 9 };

static double sqsum(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

static double dot3(const double *a, const double *b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void cross(const double *a, const double *b, double *out)
{
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

/* Rotates pt by the angle-axis rot: Rodrigues' formula
 *   pt cos t + (w x pt) sin t + w (w . pt)(1 - cos t),  w = rot / t,
 * and pt + rot x pt, its first-order form, when the angle t is zero. */
static void rodrigues_rotate_point(const double *rot, const double *pt, double *rotated)
{
    double sqtheta = sqsum(rot, 3);
    if (sqtheta != 0) {
        double theta = sqrt(sqtheta);
        double costheta = cos(theta);
        double sintheta = sin(theta);
        double theta_inverse = 1.0 / theta;
        double w[3], w_cross_pt[3];
        for (int i = 0; i < 3; i++)
            w[i] = rot[i] * theta_inverse;
        cross(w, pt, w_cross_pt);
        double tmp = (1.0 - costheta) * dot3(w, pt);
        for (int i = 0; i < 3; i++)
            rotated[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
    } else {
        double rot_cross_pt[3];
        cross(rot, pt, rot_cross_pt);
        for (int i = 0; i < 3; i++)
            rotated[i] = pt[i] + rot_cross_pt[i];
    }
}

/* Scales the projected point by 1 + k1 r^2 + k2 r^4, in place. */
static void radial_distort(const double *rad_params, double *proj)
{
    double rsq = sqsum(proj, 2);
    double L = 1.0 + rad_params[0] * rsq + rad_params[1] * rsq * rsq;
    proj[0] *= L;
    proj[1] *= L;
}

/* The weighted reprojection error of point X seen by camera cam at feat. */
static void project_error(const double *cam, const double *X, double w, const double *feat,
                          double *err)
{
    double Xo[3], Xcam[3], proj[2];
    for (int i = 0; i < 3; i++)
        Xo[i] = X[i] - cam[C_IDX + i];
    rodrigues_rotate_point(&cam[ROT_IDX], Xo, Xcam);
    proj[0] = Xcam[0] / Xcam[2];
    proj[1] = Xcam[1] / Xcam[2];
    radial_distort(&cam[RAD_IDX], proj);
    for (int i = 0; i < 2; i++)
        err[i] = w * (proj[i] * cam[F_IDX] + cam[X0_IDX + i] - feat[i]);
}

/* Zach's robustness term for weight w. */
static double weight_error(double w)
{
    return 1.0 - w * w;
}

BP_GRAD(cams, X, w)
double ba_objective(int n, int m, int p, const double *cams, const double *X, const double *w,
                    const int *obs, const double *feats)
{
    double total = 0;
    for (int i = 0; i < p; i++) {
        int camIdx = obs[2 * i];
        int ptIdx = obs[2 * i + 1];
        double err[2];
        project_error(&cams[camIdx * BA_NCAMPARAMS], &X[ptIdx * 3], w[i], &feats[2 * i], err);
        total += err[0] * err[0] + err[1] * err[1];
    }
    for (int i = 0; i < p; i++) {
        double e = weight_error(w[i]);
        total += e * e;
    }
    (void)n;
    (void)m;
    return total;
}
