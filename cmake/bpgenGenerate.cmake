# bpgen_generate: differentiate a target's models with bpgen, as part of
# the target's build.
#
#   bpgen_generate(<target> SOURCES model.c [more.c ...]
#                  [OPTIONS arg ...] [OUT_VAR <var>])
#
# For each model `dir/name.c` (relative to the current source directory, or
# absolute) bpgen writes `name_grad.c` into the current binary directory
# (`dir/name_grad.c` for a model in a subdirectory of the source directory),
# and the file is added to <target>'s sources.  <target> links
# bpgen::runtime (libbpgen, which brings BLAS and libm); the model itself is
# not added: list it in add_executable/add_library as any other source.
#
# bpgen parses each model with <target>'s include directories and compile
# definitions (its own and those its dependencies pass on), then OPTIONS:
# more bpgen arguments, e.g. `OPTIONS -DNDEBUG --line-directives`, or
# `OPTIONS -- -std=c99` for arguments for clang alone.  OUT_VAR names a
# variable that receives the generated files.
#
# The gradient is remade when the model, a header it includes (bpgen's
# depfile: -MD -MF -MT) or bpgen itself changes, and only then.
#
# Both bpgen's CMake package (bpgenConfig.cmake) and bpgen's own tree load
# this file; each defines bpgen::bpgen and bpgen::runtime first.

# The custom command's DEPFILE needs CMP0116 (3.20): a depfile's paths are
# relative to the command's working directory, under every generator.  The
# policies set here are the ones recorded with the function below.
cmake_policy(PUSH)
cmake_policy(VERSION 3.20...3.25)

function(bpgen_generate target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUT_VAR" "SOURCES;OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bpgen_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "bpgen_generate: '${target}' is not a target")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "bpgen_generate(${target}): no SOURCES")
  endif()

  # The target's include directories and definitions, as bpgen arguments;
  # an empty list gives no argument at all (COMMAND_EXPAND_LISTS).
  set(incs "$<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>")
  set(defs "$<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>")
  set(inc_flags "$<$<BOOL:${incs}>:-I$<JOIN:${incs},;-I>>")
  set(def_flags "$<$<BOOL:${defs}>:-D$<JOIN:${defs},;-D>>")

  # Ninja and the Makefile generators read depfiles; others remake the
  # gradient when the model or bpgen changes.
  set(use_depfile OFF)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(use_depfile ON)
  endif()

  set(outputs)
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(model "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(name "${model}" NAME_WE)
    get_filename_component(model_dir "${model}" DIRECTORY)
    file(RELATIVE_PATH rel_dir "${CMAKE_CURRENT_SOURCE_DIR}" "${model_dir}")
    if(rel_dir MATCHES "^\\.\\./" OR rel_dir STREQUAL ".." OR IS_ABSOLUTE "${rel_dir}")
      set(rel_dir "")
    endif()
    set(out_dir "${CMAKE_CURRENT_BINARY_DIR}")
    if(rel_dir)
      set(out_dir "${out_dir}/${rel_dir}")
    endif()
    set(out "${out_dir}/${name}_grad.c")
    file(MAKE_DIRECTORY "${out_dir}")     # bpgen does not make directories

    set(depfile_args)
    set(dep_command)
    if(use_depfile)
      set(depfile_args DEPFILE "${out}.d")
      set(dep_command -MD -MF "${out}.d" -MT "${out}" -MP)
    endif()
    file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${out}")
    add_custom_command(
      OUTPUT "${out}"
      COMMAND bpgen::bpgen "${model}" -o "${out}" ${dep_command}
              "${inc_flags}" "${def_flags}" ${arg_OPTIONS}
      DEPENDS bpgen::bpgen "${model}"
      ${depfile_args}
      COMMENT "bpgen: generating ${shown}"
      COMMAND_EXPAND_LISTS
      VERBATIM)
    list(APPEND outputs "${out}")
  endforeach()

  target_sources(${target} PRIVATE ${outputs})
  target_link_libraries(${target} PRIVATE bpgen::runtime)
  if(arg_OUT_VAR)
    set(${arg_OUT_VAR} ${outputs} PARENT_SCOPE)
  endif()
endfunction()

cmake_policy(POP)
