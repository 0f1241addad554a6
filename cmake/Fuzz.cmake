# Fuzz targets (tests/fuzz/README.md).  Every target is one harness file that
# defines LLVMFuzzerTestOneInput; lv_fuzz_target() builds it two ways:
#  - LV_FUZZ=ON (clang): a libFuzzer program, -fsanitize=fuzzer,address,
#    undefined; the whole project is then compiled with coverage
#    (-fsanitize=fuzzer-no-link) so that libFuzzer sees inside the readers;
#  - otherwise (gcc, the normal builds): linked with tests/fuzz/replay.c, a
#    main() that runs the harness once on every file of its seed corpus and
#    regression inputs.
# Either way ctest runs fuzz::NAME on tests/fuzz/corpus/NAME and
# tests/fuzz/regress/NAME, so a crash once found stays fixed in every build.
option(LV_FUZZ "Build the fuzz targets as libFuzzer programs (clang only)" OFF)
if(LV_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LV_FUZZ needs clang: -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
set(LV_FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)
if(NOT TARGET fuzz)
  add_custom_target(fuzz)
endif()

# lv_fuzz_target(NAME SOURCES harness.c... LIBS target... [DEFINES X=Y...])
function(lv_fuzz_target name)
  cmake_parse_arguments(F "" "" "SOURCES;LIBS;DEFINES" ${ARGN})
  if(LV_FUZZ)
    add_executable(fuzz_${name} ${F_SOURCES} ${LV_FUZZ_DIR}/fuzz_util.c)
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    set(replay -runs=0 -close_fd_mask=3)
  else()
    add_executable(fuzz_${name} ${F_SOURCES} ${LV_FUZZ_DIR}/fuzz_util.c ${LV_FUZZ_DIR}/replay.c)
    set(replay)
  endif()
  target_include_directories(fuzz_${name} PRIVATE ${LV_FUZZ_DIR} ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(fuzz_${name} PRIVATE ${F_LIBS})
  target_compile_definitions(fuzz_${name} PRIVATE _GNU_SOURCE ${F_DEFINES})
  lv_warnings(fuzz_${name})
  add_dependencies(fuzz fuzz_${name})
  file(MAKE_DIRECTORY ${LV_FUZZ_DIR}/corpus/${name} ${LV_FUZZ_DIR}/regress/${name})
  add_test(NAME fuzz::${name}
    COMMAND fuzz_${name} ${replay} ${LV_FUZZ_DIR}/corpus/${name} ${LV_FUZZ_DIR}/regress/${name})
endfunction()
