/*
 * cvs_aruco.h - ArUco dictionaries through the shim.
 *
 * Markers are squares of cells: a black border one cell wide around an
 * n x n payload (n = 4 for the 4x4 dictionaries).  The marker's size is the
 * side of this black square, border included, white margin excluded
 * (imaging.md, Markers).
 */
#ifndef CVS_ARUCO_H
#define CVS_ARUCO_H

#ifdef __cplusplus
extern "C" {
#endif

/* Dictionaries by OpenCV's names: "4x4_50" (default), "4x4_100", "5x5_50",
 * "6x6_50" ...; LV_EINVAL for an unknown name.  Ids are 0 .. size-1. */
int cvs_aruco_dictionary(const char *name, int *dict_id, int *dict_size);

/*
 * The cells of marker `id`: (*cells) x (*cells) bytes, row-major, 0 black,
 * 1 white, border included (*cells = payload + 2).  bits must hold 64 bytes.
 */
int cvs_aruco_cells(int dict_id, int id, unsigned char *bits, int *cells);

#ifdef __cplusplus
}
#endif
#endif
