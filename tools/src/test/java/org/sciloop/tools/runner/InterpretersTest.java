package org.sciloop.tools.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which word of a command is the file its interpreter runs, read by each interpreter's own options. */
class InterpretersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // command | the file's word (-1: none) | whether it is a program env starts
            "sh ./sim.sh                                        | 1  | false",
            "/usr/bin/python3 -u -W ignore ./sim.py             | 4  | false",
            "python3.11 -X dev ./sim.py out.json                | 3  | false",
            "python3 -m pkg.sim ./input.json                    | -1 | false",
            "bash -o pipefail -O extglob ./sim.sh               | 5  | false",
            "bash +o history ./sim.sh                           | 3  | false",
            "bash -eo pipefail ./sim.sh                         | 3  | false",
            "bash -ec 'echo 1' ./x.sh                           | -1 | false",
            "python3 -uW ignore ./sim.py                        | 3  | false",
            "perl -pe s/a/b/ ./input.txt                        | -1 | false",
            "python3 -mpkg.sim ./input.json                     | -1 | false",
            "python3 -Wignore ./sim.py                          | 2  | false",
            "env -iS 'sh ./sim.sh'                              | -1 | false",
            "env -uHOME ./sim.sh                                | 2  | true",
            "sh -c ./made-by-a-run.sh                           | -1 | false",
            "node --require ./setup.js ./sim.js                 | 3  | false",
            "node -p 1+1 ./x.js                                 | -1 | false",
            "julia --threads 4 -L ./setup.jl ./sim.jl           | 5  | false",
            "julia -e 'run()' ./sim.jl                          | -1 | false",
            "ruby -I lib -r json ./sim.rb                       | 5  | false",
            "perl -I lib ./sim.pl                               | 3  | false",
            "Rscript --vanilla ./sim.R                          | 2  | false",
            "php -d memory_limit=1G ./sim.php                   | 3  | false",
            "lua -l socket ./sim.lua                            | 3  | false",
            "tclsh - ./sim.tcl                                  | -1 | false",
            "env ./sim.sh                                       | 1  | true",
            "env -i -u HOME FLAG=1 ./sim.sh                     | 5  | true",
            "env -C /tmp PYTHONPATH=lib python3 -W ignore ./s.py | 7  | false",
            "env FLAG=1 sh -c 'echo 1'                          | -1 | false",
            "env -S 'sh ./sim.sh'                               | -1 | false",
            "java -cp ./classes Sim                             | -1 | false",
            "./sim.sh ./input.json                              | -1 | false"})
    void the_file_run_is_read_past_each_interpreters_own_options(String command, int index, boolean program) {
        Optional<Interpreters.Named> named = Interpreters.fileRun(Arrays.asList(command.replace("'", "").split(" +")));
        if (index < 0) {
            assertThat(named).isEmpty();
        } else {
            assertThat(named).contains(new Interpreters.Named(index, program));
        }
    }
}
