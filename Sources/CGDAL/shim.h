// GDAL's C API: datasets and drivers (gdal.h), vector layers, features and geometries
// (ogr_api.h), spatial references (ogr_srs_api.h), errors and configuration (cpl_*.h).
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_conv.h>
#include <cpl_string.h>
