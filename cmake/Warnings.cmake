# One warnings policy for every target of the project.
function(lv_warnings target)
  get_target_property(type ${target} TYPE)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wundef -Wcast-align
    -Wpointer-arith -Wwrite-strings -Wnull-dereference -Wdouble-promotion
    $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition>
    $<$<BOOL:${LV_WERROR}>:-Werror>)
endfunction()
