# servesim_add_library(NAME SOURCES ... [PUBLIC deps...] [PRIVATE deps...])
# One project library: servesim_NAME with the alias servesim::NAME, headers included from the
# repository root, the project's warnings. Every area's CMakeLists declares its libraries this way.
function(servesim_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(servesim_${name} ${ARG_SOURCES})
  add_library(servesim::${name} ALIAS servesim_${name})
  target_include_directories(servesim_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(servesim_${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  servesim_set_warnings(servesim_${name})
endfunction()

# servesim_add_areas(AREA...): adds each area subfolder that exists and is not listed in
# SERVESIM_SKIP_AREAS (a development aid).
macro(servesim_add_areas)
  foreach(area ${ARGN})
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${area}/CMakeLists.txt AND NOT area IN_LIST SERVESIM_SKIP_AREAS)
      add_subdirectory(${area})
    endif()
  endforeach()
endmacro()
