#ifndef PIXELTAG_CLIBXML2_SHIM_H
#define PIXELTAG_CLIBXML2_SHIM_H
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#endif
