// Catch2 main, compiled once into its own object library (the slowest TU of the build).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
