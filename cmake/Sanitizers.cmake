# Build type "Asan": AddressSanitizer + UndefinedBehaviorSanitizer, halting on
# the first report so that a test fails instead of printing and passing.
set(_lv_san "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer")
set(CMAKE_C_FLAGS_ASAN "-O1 -g ${_lv_san}" CACHE STRING "" FORCE)
set(CMAKE_CXX_FLAGS_ASAN "-O1 -g ${_lv_san}" CACHE STRING "" FORCE)
set(CMAKE_EXE_LINKER_FLAGS_ASAN "${_lv_san}" CACHE STRING "" FORCE)
set(CMAKE_SHARED_LINKER_FLAGS_ASAN "${_lv_san}" CACHE STRING "" FORCE)
mark_as_advanced(CMAKE_C_FLAGS_ASAN CMAKE_CXX_FLAGS_ASAN CMAKE_EXE_LINKER_FLAGS_ASAN CMAKE_SHARED_LINKER_FLAGS_ASAN)
