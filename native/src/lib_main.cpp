// libsystemc wants an sc_main symbol at link time; nothing calls it in the shared library.
#include <systemc>
int sc_main(int, char**) { return 0; }
