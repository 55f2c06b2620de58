/* The floor of any tool built on libxml2: every page of a folder read and parsed by libxml2's
 * HTML SAX parser with empty handlers, nothing built, nothing written. Same parser options as
 * pixeltag's (recover, no errors, no implied elements, input said to be UTF-8).
 *
 *   cc -O2 -o libxml2-sax libxml2-sax.c $(pkg-config --cflags --libs libxml-2.0)
 *   ./libxml2-sax [--jobs N] DIR      # N worker processes, pages dealt round-robin
 */
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

static char **pages;
static size_t count, capacity;

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st; (void)ftw;
    size_t n = strlen(path);
    if (type != FTW_F || n < 5 || strcmp(path + n - 5, ".html") != 0) return 0;
    if (count == capacity) {
        capacity = capacity ? capacity * 2 : 1024;
        pages = realloc(pages, capacity * sizeof *pages);
    }
    pages[count++] = strdup(path);
    return 0;
}

static void start(void *ctx, const xmlChar *name, const xmlChar **attributes) { (void)ctx; (void)name; (void)attributes; }
static void end(void *ctx, const xmlChar *name) { (void)ctx; (void)name; }
static void characters(void *ctx, const xmlChar *text, int length) { (void)ctx; (void)text; (void)length; }
static void comment(void *ctx, const xmlChar *text) { (void)ctx; (void)text; }
static void quiet(void *ctx, const xmlError *error) { (void)ctx; (void)error; }

static void parse(const char *data, size_t length) {
    htmlParserCtxtPtr context = htmlCreateMemoryParserCtxt(data, (int)length);
    if (!context) return;
    xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8);
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.serror = (xmlStructuredErrorFunc)quiet;
    sax.startElement = start;
    sax.endElement = end;
    sax.characters = characters;
    sax.ignorableWhitespace = characters;
    sax.comment = comment;
    htmlSAXHandlerPtr own = context->sax;
    context->sax = &sax;
    htmlCtxtUseOptions(context, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET
                                    | HTML_PARSE_NOIMPLIED | HTML_PARSE_IGNORE_ENC);
    htmlParseDocument(context);
    context->sax = own;
    if (context->myDoc) xmlFreeDoc(context->myDoc);
    htmlFreeParserCtxt(context);
}

static void work(size_t first, size_t step) {
    char *buffer = NULL;
    size_t size = 0;
    for (size_t i = first; i < count; i += step) {
        int fd = open(pages[i], O_RDONLY);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) { perror(pages[i]); exit(2); }
        if ((size_t)st.st_size + 1 > size) { size = (size_t)st.st_size + 1; buffer = realloc(buffer, size); }
        size_t got = 0;
        while (got < (size_t)st.st_size) {
            ssize_t n = read(fd, buffer + got, (size_t)st.st_size - got);
            if (n <= 0) break;
            got += (size_t)n;
        }
        close(fd);
        if (got > 0) parse(buffer, got);
    }
}

int main(int argc, char **argv) {
    int jobs = 1;
    const char *folder = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) jobs = atoi(argv[++i]);
        else folder = argv[i];
    }
    if (!folder || jobs < 1) { fprintf(stderr, "usage: libxml2-sax [--jobs N] DIR\n"); return 2; }
    xmlInitParser();
    if (nftw(folder, collect, 64, FTW_PHYS) != 0) { perror(folder); return 2; }
    if (jobs == 1) { work(0, 1); return 0; }
    for (int k = 0; k < jobs; k++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 2; }
        if (pid == 0) { work((size_t)k, (size_t)jobs); _exit(0); }
    }
    int status, failed = 0;
    while (wait(&status) > 0) failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    fprintf(stderr, "libxml2 %s: %zu pages\n", xmlParserVersion, count);
    return failed ? 2 : 0;
}
