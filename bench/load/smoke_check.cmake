# Runs watchium-load's smoke scenario against a spawned server and checks
# its report with CMake's own JSON parser: valid JSON, every member held,
# controls and comments delivered, zero errors. Deliberately no timings.
execute_process(
    COMMAND ${LOAD} --scenario smoke --spawn ${SERVER} --check
    OUTPUT_VARIABLE report
    ERROR_VARIABLE log
    RESULT_VARIABLE status
    TIMEOUT 100)
message("${log}")
message("${report}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "watchium-load exited with ${status}")
endif()

string(JSON scenario ERROR_VARIABLE json_error GET "${report}" scenario)
if(json_error)
    message(FATAL_ERROR "the report is not valid JSON: ${json_error}")
endif()
macro(expect_positive path_description)
    string(JSON value GET "${report}" ${ARGN})
    if(NOT value GREATER 0)
        message(FATAL_ERROR "${path_description} is ${value}, expected > 0")
    endif()
endmacro()
expect_positive("connections.held" connections held)
expect_positive("throughput.frames_received" throughput frames_received)
expect_positive("throughput.controls_delivered" throughput controls_delivered)
expect_positive("throughput.comments_delivered" throughput comments_delivered)
expect_positive("latency_ms.control.count" latency_ms control count)
string(JSON errors GET "${report}" errors total)
if(NOT errors EQUAL 0)
    message(FATAL_ERROR "the run reported ${errors} errors")
endif()
string(JSON target GET "${report}" connections target)
string(JSON held GET "${report}" connections held)
if(NOT held EQUAL target)
    message(FATAL_ERROR "held ${held} of ${target} connections")
endif()
