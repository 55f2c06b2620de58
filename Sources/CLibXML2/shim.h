#ifndef PIXELTAG_CLIBXML2_SHIM_H
#define PIXELTAG_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* libxml2's encoding.h pulls in the system ICU headers when it was built with ICU; they clash
   with the ICU that Foundation ships. pixeltag never touches libxml2's converters, so hide them. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/* xmlParserVersion is a variable in some libxml2 releases and a macro over a thread-local
   accessor in others; C reads either, Swift neither. */
static inline const char *pixeltag_xmlParserVersion(void) { return xmlParserVersion; }
#endif
