# The bash completion of `limbvol`, generated from every program's option
# tables once they are built (`limbvol --completion bash` asks each program
# next to it for its table), and installed where bash-completion loads it.
set(LV_COMPLETION_DIR ${CMAKE_BINARY_DIR}/share/bash-completion/completions)
set(LV_COMPLETION ${LV_COMPLETION_DIR}/limbvol)
set(LV_COMPLETION_DEPENDS limbvol_cli)
foreach(prog limbvol-photo limbvol-batch limbvol-calib limbvol-gen limbvol-capture)
  if(TARGET ${prog})
    list(APPEND LV_COMPLETION_DEPENDS ${prog})
  endif()
endforeach()
add_custom_command(OUTPUT ${LV_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${LV_COMPLETION_DIR}
  COMMAND sh -c "\"$1\" --completion bash > \"$2.tmp\" && mv \"$2.tmp\" \"$2\"" sh
    $<TARGET_FILE:limbvol_cli> ${LV_COMPLETION}
  DEPENDS ${LV_COMPLETION_DEPENDS}
  COMMENT "Generating the bash completion from the option tables"
  VERBATIM)
add_custom_target(lv_completion ALL DEPENDS ${LV_COMPLETION})
install(FILES ${LV_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
